using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

/// <summary>Builds pseudonymizers over fixed test keys.</summary>
internal static class IpTestPseudonymizers
{
    /// <summary>The sample key of the Crypto-PAn reference distribution.</summary>
    public static readonly byte[] ReferenceKey =
    [
        21, 34, 23, 141, 51, 164, 207, 128, 19, 10, 91, 22, 73, 144, 125, 16,
        216, 152, 143, 131, 121, 121, 101, 39, 98, 87, 76, 45, 42, 132, 34, 2,
    ];

    /// <summary>32 bytes <paramref name="first"/>, <paramref name="first"/> + 1, ...</summary>
    public static byte[] Key(int first) => Enumerable.Range(first, 32).Select(i => (byte)i).ToArray();

    public static IpAddressPseudonymizer Create(
        IpPseudonymizationMode mode,
        int ipv4Prefix = 24,
        int ipv6Prefix = 48,
        InvalidIpHandling invalidInput = InvalidIpHandling.Throw,
        bool portableAes = false,
        byte[]? prefixPreservingKey = null,
        byte[]? tokenKey = null,
        string keyId = "ka")
    {
        var options = new IpPseudonymizerOptions
        {
            Mode = mode,
            IPv4PrefixLength = ipv4Prefix,
            IPv6PrefixLength = ipv6Prefix,
            InvalidInput = invalidInput,
        };
        return new IpAddressPseudonymizer(keyId, tokenKey ?? Key(1), prefixPreservingKey ?? Key(101), options, portableAes);
    }

    public static IpAddressPseudonymizer Identity() => Create(IpPseudonymizationMode.Truncate, 32, 128);
}
