namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// A row of <c>access_events</c>: one access to personal data, chained by hash to the one before it in its chain.
/// Holds tokens only: the subject as a keyed token, the client address pseudonymized.
/// </summary>
internal sealed record AccessEventRecord
{
    public long Id { get; set; }

    public required string Chain { get; set; }

    /// <summary>Position in the chain, from 1, unique per chain.</summary>
    public long Sequence { get; set; }

    public required string KeyId { get; set; }

    /// <summary>UTC, microsecond precision.</summary>
    public DateTime OccurredAt { get; set; }

    public required string Action { get; set; }

    public required string Outcome { get; set; }

    public required string Resource { get; set; }

    /// <summary>Keyed token of the subject id, never the raw id.</summary>
    public string? SubjectToken { get; set; }

    public required string Purpose { get; set; }

    public required string Actor { get; set; }

    /// <summary>The personal-data categories touched, comma-separated (<c>Email,Name</c>).</summary>
    public required string Categories { get; set; }

    /// <summary>The client address, pseudonymized.</summary>
    public string? ClientAddress { get; set; }

    public long Count { get; set; }

    public string? Reason { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    /// <summary>Identifies the event without tokens or hashes.</summary>
    public override string ToString() => $"AccessEventRecord({Chain}#{Sequence} {Action} {Outcome})";
}
