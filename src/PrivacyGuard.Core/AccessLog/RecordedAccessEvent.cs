namespace PrivacyGuard.AccessLog;

/// <summary>An <see cref="AccessEvent"/> as stored: its place in its chain and the chain hashes.</summary>
/// <param name="Chain">The chain the event belongs to (one per writing instance).</param>
/// <param name="Sequence">The event's position in its chain, from 1.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Event">The event.</param>
/// <param name="PreviousHash">The hash of the previous event in the chain (lowercase hex; zeros for the first).</param>
/// <param name="Hash">This event's keyed hash over the previous hash and the event's canonical form (lowercase hex).</param>
public sealed record RecordedAccessEvent(string Chain, long Sequence, DateTimeOffset OccurredAt, AccessEvent Event, string PreviousHash, string Hash)
{
    /// <summary>The root key id whose derived keys computed <see cref="Hash"/> and the event's subject token.</summary>
    public string KeyId { get; init; } = string.Empty;
}
