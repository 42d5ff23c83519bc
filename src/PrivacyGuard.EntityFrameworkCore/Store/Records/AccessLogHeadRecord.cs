namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>A row of <c>access_log_heads</c>: the last sequence and hash of one chain, with a keyed MAC over them.</summary>
internal sealed record AccessLogHeadRecord
{
    public required string Chain { get; set; }

    public required string KeyId { get; set; }

    public long LastSequence { get; set; }

    public required string LastHash { get; set; }

    public required string Mac { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Identifies the head without hashes.</summary>
    public override string ToString() => $"AccessLogHeadRecord({Chain}#{LastSequence})";
}
