using PrivacyGuard.Json;

namespace PrivacyGuard.AspNetCore.BodyRewriting;

/// <summary>Limits and policies of JSON request body rewriting, bound from <see cref="SectionName"/>.</summary>
public sealed class JsonBodyRewritingOptions
{
    /// <summary>The configuration section: <c>PrivacyGuard:Json</c>.</summary>
    public const string SectionName = "PrivacyGuard:Json";

    /// <summary>The largest body accepted on an endpoint with rules, in bytes (default 1 MiB); larger gives 413.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The deepest nesting accepted (default 64); deeper gives 400.</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>What to do with a selected value that is not a string (default: leave it).</summary>
    public JsonNonStringValueHandling NonStringValues { get; set; } = JsonNonStringValueHandling.Leave;

    internal JsonRewriterOptions ToRewriterOptions() => new()
    {
        MaxInputBytes = MaxBodyBytes,
        MaxDepth = MaxDepth,
        NonStringValues = NonStringValues,
    };
}
