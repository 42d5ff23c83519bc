using PrivacyGuard.AccessLog;

namespace PrivacyGuard.Benchmarks.AspNetCore;

/// <summary>
/// An in-process access log for the middleware benchmark: subject tokens from the real access log (the keyed token the
/// edge policy computes per request), events validated and counted in memory instead of written to the store, so the
/// benchmark shows the middleware's CPU cost without the store's I/O.
/// </summary>
internal sealed class InProcessAccessLog(IAccessLog tokens) : IAccessLog
{
    private long _recorded;

    public long Recorded => Interlocked.Read(ref _recorded);

    public string TokenizeSubject(string subjectId) => tokens.TokenizeSubject(subjectId);

    public ValueTask RecordAsync(AccessEvent accessEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        Interlocked.Increment(ref _recorded);
        return ValueTask.CompletedTask;
    }

    public ValueTask RecordAsync(IReadOnlyList<AccessEvent> accessEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accessEvents);
        Interlocked.Add(ref _recorded, accessEvents.Count);
        return ValueTask.CompletedTask;
    }
}
