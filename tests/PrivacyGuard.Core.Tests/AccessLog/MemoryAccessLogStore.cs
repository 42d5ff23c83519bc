using System.Runtime.CompilerServices;
using PrivacyGuard.AccessLog;

namespace PrivacyGuard.Tests.AccessLog;

/// <summary>An in-process <see cref="IAccessLogStore"/> for the chain's unit tests: a list of rows that tests may edit like an attacker with table access.</summary>
internal sealed class MemoryAccessLogStore : IAccessLogStore
{
    private readonly Lock _lock = new();

    public List<StoredAccessEvent> Events { get; } = [];

    public Dictionary<string, AccessLogHead> Heads { get; } = new(StringComparer.Ordinal);

    public int Appends { get; private set; }

    /// <summary>When set, appends fail with this exception and store nothing.</summary>
    public Exception? FailWith { get; set; }

    public Task AppendAsync(IReadOnlyList<StoredAccessEvent> events, AccessLogHead head, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FailWith is { } failure)
            {
                throw failure;
            }

            Appends++;
            Events.AddRange(events);
            Heads[head.Chain] = head;
        }

        return Task.CompletedTask;
    }

    /// <summary>When set, runs once right after the next read of the heads (a writer appending while verify runs).</summary>
    public Func<Task>? AfterHeadsRead { get; set; }

    public async Task<IReadOnlyList<AccessLogHead>> ReadHeadsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<AccessLogHead> heads;
        lock (_lock)
        {
            heads = [.. Heads.Values];
        }

        if (AfterHeadsRead is { } hook)
        {
            AfterHeadsRead = null;
            await hook();
        }

        return heads;
    }

    public Task<IReadOnlyList<string>> ReadChainsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. Events.Select(e => e.Chain).Distinct()]);
        }
    }

    public Task<IReadOnlyList<StoredAccessEvent>> ReadChainAsync(string chain, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredAccessEvent>>(
                [.. Events.Where(e => e.Chain == chain && e.Sequence > afterSequence).OrderBy(e => e.Sequence).Take(limit)]);
        }
    }

    public async IAsyncEnumerable<StoredAccessEvent> QueryAsync(AccessLogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<StoredAccessEvent> matches;
        lock (_lock)
        {
            matches = [.. Events.Where(e => (query.SubjectToken is null || e.SubjectToken == query.SubjectToken)
                    && (query.From is null || e.OccurredAt >= query.From)
                    && (query.To is null || e.OccurredAt < query.To)
                    && (query.Outcome is null || e.Outcome == AccessLogNames.Of(query.Outcome.Value)))
                .OrderBy(e => e.OccurredAt).Take(query.Limit)];
        }

        foreach (var e in matches)
        {
            await Task.Yield();
            yield return e;
        }
    }

    /// <summary>Replaces the event at <paramref name="index"/> (in insertion order).</summary>
    public void Replace(int index, Func<StoredAccessEvent, StoredAccessEvent> edit)
    {
        lock (_lock)
        {
            Events[index] = edit(Events[index]);
        }
    }
}
