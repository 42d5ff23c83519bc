namespace PrivacyGuard.Restriction;

/// <summary>What applies when personal data is processed outside any privacy scope.</summary>
public sealed class PrivacyScopeOptions
{
    /// <summary>
    /// The purpose assumed outside any scope; <see cref="ProcessingPurpose.ServiceDelivery"/> by default. It cannot be
    /// <see cref="ProcessingPurpose.LegalObligation"/>: processing a restricted subject's data needs an explicit scope.
    /// </summary>
    public ProcessingPurpose DefaultPurpose { get; set; } = ProcessingPurpose.ServiceDelivery;

    /// <summary>When true, processing outside any scope is refused with <see cref="PrivacyScopeRequiredException"/>.</summary>
    public bool RequireScope { get; set; }
}
