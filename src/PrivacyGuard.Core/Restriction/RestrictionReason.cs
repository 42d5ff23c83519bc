namespace PrivacyGuard.Restriction;

/// <summary>Why processing is restricted: the grounds of Art. 18(1) GDPR. Stored as a short code, never free text.</summary>
public enum RestrictionReason
{
    /// <summary>The subject contests the accuracy of the data (Art. 18(1)(a)); stored as <c>accuracy-contested</c>.</summary>
    AccuracyContested = 0,

    /// <summary>The processing is unlawful and the subject asked for restriction instead of erasure (Art. 18(1)(b)); <c>unlawful-processing</c>.</summary>
    UnlawfulProcessing = 1,

    /// <summary>The subject needs the data for legal claims (Art. 18(1)(c)); <c>legal-claims</c>.</summary>
    LegalClaims = 2,

    /// <summary>An objection is being verified (Art. 18(1)(d)); <c>objection-pending</c>.</summary>
    ObjectionPending = 3,
}
