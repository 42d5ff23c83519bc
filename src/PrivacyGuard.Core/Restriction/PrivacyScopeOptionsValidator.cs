using Microsoft.Extensions.Options;

namespace PrivacyGuard.Restriction;

/// <summary>Refuses a default purpose of <see cref="ProcessingPurpose.LegalObligation"/>: it would lift every restriction outside any scope.</summary>
internal sealed class PrivacyScopeOptionsValidator : IValidateOptions<PrivacyScopeOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyScopeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.DefaultPurpose == ProcessingPurpose.LegalObligation
            ? ValidateOptionsResult.Fail("PrivacyGuard:Scope:DefaultPurpose cannot be LegalObligation: processing a restricted subject's data needs an explicit BeginScope(LegalObligation, actor).")
            : ValidateOptionsResult.Success;
    }
}
