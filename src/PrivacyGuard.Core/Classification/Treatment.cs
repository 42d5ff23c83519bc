namespace PrivacyGuard;

/// <summary>What PrivacyGuard stores or forwards in place of a personal value.</summary>
public enum Treatment
{
    /// <summary>Use the default treatment of the value's <see cref="PersonalDataCategory"/>.</summary>
    Default = 0,

    /// <summary>A deterministic keyed token: same input and key, same token; joins and counts still work. One-way.</summary>
    Pseudonymize,

    /// <summary>The network prefix of an IP address only (IPv4 /24, IPv6 /48 by default). One-way.</summary>
    Truncate,

    /// <summary>A keyed prefix-preserving permutation of an IP address (Crypto-PAn). Reversible with the key.</summary>
    PrefixPreserving,

    /// <summary>AEAD ciphertext under the data subject's own key. Reversible until the subject's key is shredded.</summary>
    Encrypt,

    /// <summary>Nothing: the value is removed or replaced by a fixed marker.</summary>
    Redact,
}
