using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PrivacyGuard.AspNetCore.Forwarding;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.AspNetCore.ClientAddress;

/// <summary>
/// Decides a request's client address (forwarding headers only from trusted proxies) and pseudonymizes it, per
/// <c>PrivacyGuard:ForwardedHeaders</c> and <c>PrivacyGuard:ClientAddress</c>. <see cref="ClientAddressMiddleware"/>
/// applies it to the request; code that can run before that middleware (authorization refusals of the admin API)
/// uses <see cref="ClientAddressOf"/> to record the same pseudonymized address, never the raw one.
/// </summary>
internal sealed class ClientAddressPseudonymizer
{
    private readonly ClientAddressResolver _resolver;
    private readonly IpAddressPseudonymizer _pseudonymizer;

    public ClientAddressPseudonymizer(IOptions<PrivacyGuardMiddlewareOptions> options, IPseudonymizerProvider pseudonymizers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pseudonymizers);
        var settings = options.Value;
        _resolver = ClientAddressMiddleware.CreateResolver(settings.ForwardedHeaders);
        _pseudonymizer = pseudonymizers.GetIpAddressPseudonymizer(
            ProcessingPurpose.Create(settings.ClientAddress.Purpose), settings.ClientAddress.Treatment);
    }

    /// <summary>The pseudonymized client address of a request from <paramref name="peer"/> carrying <paramref name="headers"/>.</summary>
    public IPAddress? Pseudonymize(IPAddress? peer, IHeaderDictionary headers) =>
        peer is null ? null : _pseudonymizer.Pseudonymize(_resolver.Resolve(peer, headers));

    /// <summary>
    /// The pseudonymized client address of <paramref name="context"/> as text: the one <c>UsePrivacyGuard()</c> set, or,
    /// before it has run, the same one computed without changing the request.
    /// </summary>
    public string? ClientAddressOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IPrivacyGuardRequestFeature>() is { } feature
            ? feature.ClientAddress
            : Pseudonymize(context.Connection.RemoteIpAddress, context.Request.Headers)?.ToString();
    }
}
