namespace PrivacyGuard.AccessLog;

/// <summary>
/// An access event exactly as the store keeps it: every field as stored text or number, so that verification hashes
/// what is in the database, even when a field was edited into something that no longer parses. Implementations of
/// <see cref="IAccessLogStore"/> read and write this shape; applications read <see cref="RecordedAccessEvent"/>.
/// </summary>
/// <remarks>Holds tokens only (subject token, pseudonymized client address); its <see cref="ToString"/> shows the position only.</remarks>
public sealed record StoredAccessEvent
{
    /// <summary>The chain (one per writing process).</summary>
    public required string Chain { get; init; }

    /// <summary>Position in the chain, from 1, gap-free.</summary>
    public required long Sequence { get; init; }

    /// <summary>The root key id whose derived key computed <see cref="Hash"/> (and <see cref="SubjectToken"/>).</summary>
    public required string KeyId { get; init; }

    /// <summary>When it happened (UTC, microsecond precision).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The action's stable name (<see cref="AccessLogNames"/>), e.g. <c>read</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The outcome's stable name, e.g. <c>succeeded</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>Where: an entity type, a route pattern or an operation.</summary>
    public required string Resource { get; init; }

    /// <summary>The subject's keyed token, or null.</summary>
    public string? SubjectToken { get; init; }

    /// <summary>The purpose's name.</summary>
    public required string Purpose { get; init; }

    /// <summary>Who.</summary>
    public required string Actor { get; init; }

    /// <summary>Category names, comma-separated, e.g. <c>Email,Name</c>; empty for none.</summary>
    public required string Categories { get; init; }

    /// <summary>The pseudonymized client address, or null.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>How many rows or items.</summary>
    public required long Count { get; init; }

    /// <summary>A short reason code, or null.</summary>
    public string? Reason { get; init; }

    /// <summary>The previous event's hash (64 lowercase hex characters; zeros for the first).</summary>
    public required string PreviousHash { get; init; }

    /// <summary>This event's chain hash (64 lowercase hex characters).</summary>
    public required string Hash { get; init; }

    /// <summary>The event's position only.</summary>
    public override string ToString() => $"StoredAccessEvent({Chain}#{Sequence})";
}
