using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>Validates <see cref="PrivacyGuardAdminOptions"/> at start-up; messages name the setting, never a key.</summary>
/// <param name="schemes">
/// The host's authentication schemes: a scheme named in <c>AuthenticationSchemes</c> that the host did not register
/// would make every admin call fail with 500 (the admin policies authenticate with all of them), so it is refused here.
/// </param>
internal sealed class PrivacyGuardAdminOptionsValidator(IAuthenticationSchemeProvider schemes) : IValidateOptions<PrivacyGuardAdminOptions>
{
    internal const int MinimumKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, PrivacyGuardAdminOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.ApiKeys.Count == 0 && options.AuthenticationSchemes.Count == 0)
        {
            errors.Add($"{PrivacyGuardAdminOptions.SectionName}:Enabled is true but neither {PrivacyGuardAdminOptions.SectionName}:ApiKeys nor {PrivacyGuardAdminOptions.SectionName}:AuthenticationSchemes is set; the admin API would admit nobody.");
        }

        foreach (var scheme in options.AuthenticationSchemes)
        {
            // The default provider answers synchronously from the registered schemes.
            if (string.IsNullOrWhiteSpace(scheme) || schemes.GetSchemeAsync(scheme).GetAwaiter().GetResult() is null)
            {
                errors.Add($"{PrivacyGuardAdminOptions.SectionName}:AuthenticationSchemes names '{scheme}', which the host has not registered (scheme names are case-sensitive; register it with AddAuthentication().Add...).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.AdminRole))
        {
            errors.Add($"{PrivacyGuardAdminOptions.SectionName}:AdminRole must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.AuditorRole))
        {
            errors.Add($"{PrivacyGuardAdminOptions.SectionName}:AuditorRole must not be empty.");
        }

        foreach (var (keyName, key) in options.ApiKeys)
        {
            var setting = $"{PrivacyGuardAdminOptions.SectionName}:ApiKeys:{keyName}";
            if (key.Key is null || key.Key.Length < MinimumKeyLength)
            {
                errors.Add($"{setting}:Key must be at least {MinimumKeyLength} characters.");
            }

            if (key.Roles.Count == 0)
            {
                errors.Add($"{setting}:Roles must name at least one role ({options.AdminRole} or {options.AuditorRole}).");
            }
            else if (key.Roles.Any(r => r != options.AdminRole && r != options.AuditorRole))
            {
                errors.Add($"{setting}:Roles may hold only {options.AdminRole} and {options.AuditorRole}.");
            }
        }

        var keys = options.ApiKeys.Values.Select(k => k.Key).Where(k => k is not null).ToList();
        if (keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            errors.Add($"{PrivacyGuardAdminOptions.SectionName}:ApiKeys holds the same key under two names; give each its own.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
