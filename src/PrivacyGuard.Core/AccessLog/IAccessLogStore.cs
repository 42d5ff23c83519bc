namespace PrivacyGuard.AccessLog;

/// <summary>
/// Where the access log's events and chain heads are kept (the EF Core privacy store implements it). The access log
/// computes every hash; the store only keeps rows, atomically.
/// </summary>
public interface IAccessLogStore
{
    /// <summary>
    /// Inserts <paramref name="events"/> (consecutive events of <paramref name="head"/>'s chain) and sets the chain's
    /// head, in one transaction: either all of it is durable or none of it is.
    /// </summary>
    Task AppendAsync(IReadOnlyList<StoredAccessEvent> events, AccessLogHead head, CancellationToken cancellationToken);

    /// <summary>Every recorded chain head.</summary>
    Task<IReadOnlyList<AccessLogHead>> ReadHeadsAsync(CancellationToken cancellationToken);

    /// <summary>The distinct chains that have events (to find events whose head was deleted).</summary>
    Task<IReadOnlyList<string>> ReadChainsAsync(CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> events of <paramref name="chain"/> with a sequence above <paramref name="afterSequence"/>, by sequence.</summary>
    Task<IReadOnlyList<StoredAccessEvent>> ReadChainAsync(string chain, long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>The events matching <paramref name="query"/>, oldest first, at most <see cref="AccessLogQuery.Limit"/>.</summary>
    IAsyncEnumerable<StoredAccessEvent> QueryAsync(AccessLogQuery query, CancellationToken cancellationToken);
}
