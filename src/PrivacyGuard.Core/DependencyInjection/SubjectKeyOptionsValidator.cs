using Microsoft.Extensions.Options;
using PrivacyGuard.Encryption;

namespace PrivacyGuard;

/// <summary>Validates <see cref="SubjectKeyOptions"/> at start-up; each message names its setting.</summary>
internal sealed class SubjectKeyOptionsValidator : IValidateOptions<SubjectKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, SubjectKeyOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
