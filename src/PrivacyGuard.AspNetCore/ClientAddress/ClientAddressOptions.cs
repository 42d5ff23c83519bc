using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.AspNetCore.ClientAddress;

/// <summary>How the client's address is replaced at ingestion (<c>PrivacyGuard:ClientAddress</c>).</summary>
public sealed class ClientAddressOptions
{
    /// <summary>
    /// The treatment: <see cref="IpPseudonymizationMode.Truncate"/> (default; prefix lengths from
    /// <c>PrivacyGuard:IpAddresses</c>), <see cref="IpPseudonymizationMode.PrefixPreserving"/>, or
    /// <see cref="IpPseudonymizationMode.Token"/>, which as an address is a unique-local IPv6 address in <c>fd00::/8</c>
    /// made from the keyed token (never routable, never a real client's address).
    /// </summary>
    public IpPseudonymizationMode Treatment { get; set; } = IpPseudonymizationMode.Truncate;

    /// <summary>
    /// The purpose whose keys the keyed treatments use; <c>Security</c> by default (client addresses serve abuse
    /// prevention and rate limiting).
    /// </summary>
    public string Purpose { get; set; } = nameof(ProcessingPurpose.Security);
}
