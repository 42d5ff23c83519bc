namespace PrivacyGuard.Pseudonymization;

/// <summary>How <see cref="IpAddressPseudonymizer"/> replaces an IP address.</summary>
public enum IpPseudonymizationMode
{
    /// <summary>
    /// Keep the network prefix and zero the host bits (IPv4 /24 and IPv6 /48 by default), for example
    /// <c>203.0.113.7</c> → <c>203.0.113.0</c>. Not keyed and not reversible.
    /// </summary>
    Truncate = 0,

    /// <summary>
    /// A keyed, prefix-preserving permutation (Crypto-PAn): addresses that share k leading bits give addresses
    /// that share k leading bits, so subnets stay recognizable. Reversible by whoever holds the key.
    /// </summary>
    PrefixPreserving = 1,

    /// <summary>
    /// A keyed token <c>{keyId}_{base32}</c> of the full address, the same for the same address and key, so joins
    /// and counts still work. Not reversible.
    /// </summary>
    Token = 2,
}
