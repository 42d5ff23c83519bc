using System.Runtime.CompilerServices;
using PrivacyGuard.AccessLog;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Races;

/// <summary>
/// The access log's rows in memory, for the bulk race runs: the access log is not what they test, and on SQLite every
/// append would contend for the store file's single write lock with the restriction writes being raced.
/// </summary>
internal sealed class InMemoryAccessLogStore : IAccessLogStore
{
    private readonly Lock _lock = new();
    private readonly List<StoredAccessEvent> _events = [];
    private readonly Dictionary<string, AccessLogHead> _heads = new(StringComparer.Ordinal);

    public Task AppendAsync(IReadOnlyList<StoredAccessEvent> events, AccessLogHead head, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _events.AddRange(events);
            _heads[head.Chain] = head;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AccessLogHead>> ReadHeadsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AccessLogHead>>([.. _heads.Values]);
        }
    }

    public Task<IReadOnlyList<string>> ReadChainsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _heads.Keys]);
        }
    }

    public Task<IReadOnlyList<StoredAccessEvent>> ReadChainAsync(string chain, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredAccessEvent>>(
                [.. _events.Where(e => e.Chain == chain && e.Sequence > afterSequence).OrderBy(e => e.Sequence).Take(limit)]);
        }
    }

    public async IAsyncEnumerable<StoredAccessEvent> QueryAsync(AccessLogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<StoredAccessEvent> matches;
        lock (_lock)
        {
            matches = [.. _events.Where(e => query.SubjectToken is null || e.SubjectToken == query.SubjectToken).Take(query.Limit)];
        }

        foreach (var e in matches)
        {
            await Task.Yield();
            yield return e;
        }
    }
}
