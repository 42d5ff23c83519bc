namespace PrivacyGuard.Fuzzing;

/// <summary>The fuzz targets over PrivacyGuard.AspNetCore, by name (the name is the folder under fuzz/corpus).</summary>
internal static class AspNetCoreFuzzTargets
{
    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new Dictionary<string, FuzzTarget>(StringComparer.Ordinal)
    {
        ["forwarded"] = ForwardedTarget.Run,
    };
}
