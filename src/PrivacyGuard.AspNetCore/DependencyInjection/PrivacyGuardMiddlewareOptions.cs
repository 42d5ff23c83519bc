using PrivacyGuard.AspNetCore.ClientAddress;
using PrivacyGuard.AspNetCore.Forwarding;
using PrivacyGuard.AspNetCore.Subjects;

namespace PrivacyGuard.AspNetCore;

/// <summary>
/// Settings of the PrivacyGuard middleware, bound from the <c>PrivacyGuard</c> configuration section and validated when
/// the host starts.
/// </summary>
public sealed class PrivacyGuardMiddlewareOptions
{
    /// <summary>How the client address is pseudonymized (<c>PrivacyGuard:ClientAddress</c>).</summary>
    public ClientAddressOptions ClientAddress { get; set; } = new();

    /// <summary>Which proxies' forwarding headers are honoured (<c>PrivacyGuard:ForwardedHeaders</c>).</summary>
    public TrustedProxyOptions ForwardedHeaders { get; set; } = new();

    /// <summary>Where the data subject is found (<c>PrivacyGuard:Subject</c>).</summary>
    public SubjectOptions Subject { get; set; } = new();

    /// <summary>
    /// The purpose of endpoints that declare none (<c>PrivacyGuard:DefaultPurpose</c>); <c>ServiceDelivery</c> by
    /// default. It cannot be <c>LegalObligation</c>: an endpoint that processes restricted subjects must say so.
    /// </summary>
    public string DefaultPurpose { get; set; } = nameof(ProcessingPurpose.ServiceDelivery);
}
