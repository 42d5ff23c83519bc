namespace PrivacyGuard.AspNetCore.Logging.Redaction;

/// <summary>Options of the redactors that <c>AddLogRedaction()</c> registers for PrivacyGuard's classifications.</summary>
public sealed class PrivacyGuardRedactionOptions
{
    /// <summary>The purpose whose pseudonymization keys the log tokens come from. Default: <see cref="ProcessingPurpose.Security"/>.</summary>
    public ProcessingPurpose Purpose { get; set; } = ProcessingPurpose.Security;
}
