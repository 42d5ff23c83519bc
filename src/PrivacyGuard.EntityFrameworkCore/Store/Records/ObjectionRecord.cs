namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>A row of <c>objections</c>: a data subject's objection to one processing purpose (Art. 21).</summary>
internal sealed record ObjectionRecord
{
    public required string SubjectId { get; set; }

    /// <summary>The purpose name objected to (such as <c>Marketing</c>).</summary>
    public required string Purpose { get; set; }

    public DateTimeOffset ObjectedAt { get; set; }

    /// <summary>Identifies the row without the subject id.</summary>
    public override string ToString() => $"ObjectionRecord({Purpose})";
}
