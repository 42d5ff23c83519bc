namespace PrivacyGuard.Fuzzing;

/// <summary>The fuzz targets over PrivacyGuard.Core, by name (the name is the folder under fuzz/corpus).</summary>
internal static class CoreFuzzTargets
{
    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new Dictionary<string, FuzzTarget>(StringComparer.Ordinal)
    {
        ["email"] = EmailTarget.Run,
        ["ip"] = IpTarget.Run,
        ["json"] = JsonTarget.Run,
        ["ciphertext"] = CiphertextTarget.Run,
    };
}
