namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// A row of <c>access_events</c>: one access to personal data, chained by hash to the one before it. Holds tokens
/// only: the subject as a keyed hash, the client address pseudonymized.
/// </summary>
internal sealed record AccessEventRecord
{
    public long Id { get; set; }

    /// <summary>Position in the hash chain, gap-free and unique.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    public required string Actor { get; set; }

    public required string Purpose { get; set; }

    /// <summary>Keyed hash of the subject id, never the raw id.</summary>
    public string? SubjectToken { get; set; }

    /// <summary>The personal-data categories touched, comma-separated (<c>Email,Name</c>).</summary>
    public required string Categories { get; set; }

    /// <summary>read, write, export, erase or block.</summary>
    public required string Operation { get; set; }

    /// <summary>allowed, refused or failed.</summary>
    public required string Outcome { get; set; }

    /// <summary>The client address, pseudonymized.</summary>
    public string? ClientAddress { get; set; }

    public required byte[] PreviousHash { get; set; }

    public required byte[] Hash { get; set; }

    /// <summary>Identifies the event without tokens or hashes.</summary>
    public override string ToString() => $"AccessEventRecord(#{Sequence} {Operation} {Outcome})";
}
