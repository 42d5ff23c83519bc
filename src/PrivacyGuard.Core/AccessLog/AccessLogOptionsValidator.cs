using Microsoft.Extensions.Options;

namespace PrivacyGuard.AccessLog;

/// <summary>Checks <see cref="AccessLogOptions"/> at start-up; messages name the setting.</summary>
internal sealed class AccessLogOptionsValidator : IValidateOptions<AccessLogOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.OnFailure))
        {
            failures.Add($"{AccessLogOptions.SectionName}:OnFailure must be Refuse or LogOnly.");
        }

        if (options.MaxBatchSize is < 1 or > 10_000)
        {
            failures.Add($"{AccessLogOptions.SectionName}:MaxBatchSize must be between 1 and 10000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
