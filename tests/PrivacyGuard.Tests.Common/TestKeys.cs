using PrivacyGuard.Keys;

namespace PrivacyGuard.Tests;

/// <summary>Fixed key rings for tests. The secrets are test constants, never used outside tests.</summary>
public static class TestKeys
{
    /// <summary>Base64 of 32 bytes 0x01..0x20.</summary>
    public const string SecretA = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

    /// <summary>Base64 of 32 bytes 0x21..0x40.</summary>
    public const string SecretB = "ISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0A=";

    /// <summary>A key ring with one key <c>ka</c> (secret A).</summary>
    public static KeyRing RingA() => Ring("ka", SecretA);

    /// <summary>A key ring with one key <c>kb</c> (secret B).</summary>
    public static KeyRing RingB() => Ring("kb", SecretB);

    /// <summary>A key ring with one key.</summary>
    public static KeyRing Ring(string id, string secret)
    {
        var options = new KeyRingOptions { CurrentKeyId = id };
        options.Keys[id] = secret;
        return KeyRingLoader.Load(options);
    }
}
