using Microsoft.Extensions.Options;

namespace PrivacyGuard;

/// <summary>Validates <see cref="PrivacyGuardOptions"/> at start-up; each message names its setting.</summary>
internal sealed class PrivacyGuardOptionsValidator : IValidateOptions<PrivacyGuardOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyGuardOptions options)
    {
        var errors = new List<string>();
        var ip = options.IpAddresses;
        if (ip.IPv4PrefixLength is < 0 or > 32)
        {
            errors.Add("PrivacyGuard:IpAddresses:IPv4PrefixLength must be between 0 and 32.");
        }

        if (ip.IPv6PrefixLength is < 0 or > 128)
        {
            errors.Add("PrivacyGuard:IpAddresses:IPv6PrefixLength must be between 0 and 128.");
        }

        if (!Enum.IsDefined(ip.Mode))
        {
            errors.Add("PrivacyGuard:IpAddresses:Mode must be Truncate, PrefixPreserving or Token.");
        }

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
