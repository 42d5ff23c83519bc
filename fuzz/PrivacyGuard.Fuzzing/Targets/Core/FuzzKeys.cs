namespace PrivacyGuard.Fuzzing;

/// <summary>Fixed, public test keys: fuzzing needs deterministic results, never secrecy.</summary>
internal static class FuzzKeys
{
    public const string KeyId = "fz";

    /// <summary>32 bytes 0x01..0x20, base64 (the key ring format).</summary>
    public const string RootKeyBase64 = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

    public static byte[] Bytes(byte first) => [.. Enumerable.Range(first, 32).Select(i => (byte)i)];
}
