using Microsoft.Extensions.Options;

namespace PrivacyGuard;

/// <summary>Validates <see cref="PrivacyGuardOptions"/> at start-up; each message names its setting.</summary>
internal sealed class PrivacyGuardOptionsValidator : IValidateOptions<PrivacyGuardOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyGuardOptions options)
    {
        var errors = new List<string>();
        errors.AddRange(options.IpAddresses.Validate());
        if (!Enum.IsDefined(options.Email.Format))
        {
            errors.Add("PrivacyGuard:Email:Format must be TokenOnly, TokenAtOriginalDomain or TokenAtPseudonymizedDomain.");
        }

        if (!Enum.IsDefined(options.Email.InvalidInput))
        {
            errors.Add("PrivacyGuard:Email:InvalidInput must be Throw or TokenOfRawValue.");
        }

        foreach (var (purpose, scope) in options.Scopes)
        {
            if (!ProcessingPurpose.TryCreate(purpose, out _))
            {
                errors.Add($"PrivacyGuard:Scopes: '{purpose}' is not a valid purpose name.");
            }

            if (!ProcessingPurpose.TryCreate(scope, out _))
            {
                errors.Add($"PrivacyGuard:Scopes:{purpose} must be 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' and '.'.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
