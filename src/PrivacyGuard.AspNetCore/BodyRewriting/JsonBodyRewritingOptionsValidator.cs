using Microsoft.Extensions.Options;
using PrivacyGuard.Json;

namespace PrivacyGuard.AspNetCore.BodyRewriting;

/// <summary>Validates <see cref="JsonBodyRewritingOptions"/> at start-up; each message names the setting.</summary>
internal sealed class JsonBodyRewritingOptionsValidator : IValidateOptions<JsonBodyRewritingOptions>
{
    public const int MaxBodyBytesLimit = 1024 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, JsonBodyRewritingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = JsonBodyRewritingOptions.SectionName;
        var failures = new List<string>();
        if (options.MaxBodyBytes is < 1 or > MaxBodyBytesLimit)
        {
            failures.Add($"{Section}:{nameof(options.MaxBodyBytes)} must be between 1 and {MaxBodyBytesLimit} (it is {options.MaxBodyBytes}).");
        }

        if (options.MaxDepth is < 1 or > 1000)
        {
            failures.Add($"{Section}:{nameof(options.MaxDepth)} must be between 1 and 1000 (it is {options.MaxDepth}).");
        }

        if (!Enum.IsDefined(options.NonStringValues))
        {
            failures.Add($"{Section}:{nameof(options.NonStringValues)} must be {nameof(JsonNonStringValueHandling.Leave)} or {nameof(JsonNonStringValueHandling.Refuse)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
