using Microsoft.Extensions.Options;
using PrivacyGuard.Keys;

namespace PrivacyGuard;

/// <summary>Validates <see cref="KeyRingOptions"/> at start-up with the same checks the loader applies.</summary>
internal sealed class KeyRingOptionsValidator : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        var errors = KeyRingLoader.Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
