namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>A row of <c>restrictions</c>: a data subject under restriction of processing (Art. 18).</summary>
internal sealed record RestrictionRecord
{
    public required string SubjectId { get; set; }

    public DateTimeOffset RestrictedAt { get; set; }

    /// <summary>A reason code from a fixed list (such as <c>accuracy-contested</c>), never free text from users.</summary>
    public required string Reason { get; set; }

    /// <summary>Identifies the row without the subject id.</summary>
    public override string ToString() => $"RestrictionRecord({Reason})";
}
