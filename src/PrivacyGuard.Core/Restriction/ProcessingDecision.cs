namespace PrivacyGuard.Restriction;

/// <summary>Whether a data subject's personal data may be processed for a purpose, and if not, why.</summary>
public enum ProcessingDecision
{
    /// <summary>Neither a restriction nor an objection applies.</summary>
    Allowed = 0,

    /// <summary>The subject is under restriction of processing (Art. 18 GDPR): only <see cref="ProcessingPurpose.LegalObligation"/> is allowed.</summary>
    Restricted = 1,

    /// <summary>The subject objected to this purpose (Art. 21 GDPR).</summary>
    Objected = 2,
}
