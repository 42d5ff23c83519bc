namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// A row of <c>shredded_subjects</c>: a tombstone saying the subject's data key was shredded, and when. Holds no key
/// material, so that a missing key can be told apart: erased (a tombstone exists) or lost (none does).
/// </summary>
internal sealed record ShreddedSubjectRecord
{
    public required string SubjectId { get; set; }

    /// <summary>When the subject was last shredded (a later shred of the same subject moves it forward).</summary>
    public DateTimeOffset ShreddedAt { get; set; }

    /// <summary>Identifies the row without the subject id.</summary>
    public override string ToString() => $"ShreddedSubjectRecord({ShreddedAt:O})";
}
