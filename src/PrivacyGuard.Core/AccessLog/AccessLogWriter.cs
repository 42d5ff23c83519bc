using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PrivacyGuard.AccessLog;

/// <summary>
/// Writes access events with group commit: concurrent <see cref="RecordAsync(AccessEvent, CancellationToken)"/> calls
/// queue up while a store write is under way, and the next write takes all of them (up to
/// <see cref="AccessLogOptions.MaxBatchSize"/> events) in one transaction. Each caller's task completes when its
/// events are durable, or fails with <see cref="AccessLogUnavailableException"/> with the rest of its batch.
/// </summary>
/// <remarks>
/// Each process writes its own chain (a random id), so instances sharing a database never contend for a chain head.
/// After a failed write the chain is abandoned and a new one starts: an ambiguous failure (committed but reported as
/// failed) can then never fork a chain. A singleton; one loop drains the queue.
/// </remarks>
internal sealed class AccessLogWriter : IAccessLog, IAsyncDisposable
{
    private readonly IAccessLogStore _store;
    private readonly AccessLogKeys _keys;
    private readonly TimeProvider _time;
    private readonly AccessLogOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private string _chain = NewChainId();
    private long _sequence;
    private string _lastHash = AccessLogKeys.GenesisHash;

    public AccessLogWriter(IAccessLogStore store, AccessLogKeys keys, TimeProvider time, IOptions<AccessLogOptions> options, ILoggerFactory loggers)
    {
        _store = store;
        _keys = keys;
        _time = time;
        _options = options.Value;
        _logger = loggers.CreateLogger(AccessLogMessages.Category);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The chain this process currently appends to.</summary>
    public string CurrentChain => Volatile.Read(ref _chain);

    public string TokenizeSubject(string subjectId) => _keys.TokenizeSubject(subjectId);

    public ValueTask RecordAsync(AccessEvent accessEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        return RecordAsync([accessEvent], cancellationToken);
    }

    public async ValueTask RecordAsync(IReadOnlyList<AccessEvent> accessEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accessEvents);
        if (accessEvents.Count == 0)
        {
            return;
        }

        foreach (var e in accessEvents)
        {
            Validate(e);
        }

        var pending = new Pending(accessEvents, _time.GetUtcNow());
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new AccessLogUnavailableException("The access log is shut down; the operation was refused.");
        }

        // Cancelling stops the wait only: once queued, the events are written with their batch.
        await pending.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var count = 0;
            while (count < _options.MaxBatchSize && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                count += next.Events.Count;
            }

            await WriteAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        var keyId = _keys.CurrentKeyId;
        var stored = new List<StoredAccessEvent>();
        var sequence = _sequence;
        var previous = _lastHash;
        foreach (var pending in batch)
        {
            foreach (var e in pending.Events)
            {
                var record = ToStored(e, _chain, ++sequence, keyId, pending.ReceivedAt, previous);
                record = record with { Hash = _keys.ComputeHash(record)! };
                stored.Add(record);
                previous = record.Hash;
            }
        }

        var head = new AccessLogHead(_chain, keyId, sequence, previous, _keys.ComputeHeadMac(keyId, _chain, sequence, previous)!);
        try
        {
            await _store.AppendAsync(stored, head, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            Fail(batch, stored, failure);
            return;
        }

        _sequence = sequence;
        _lastHash = previous;
        foreach (var record in stored)
        {
            AccessLogMessages.Log(_logger, record, stored: true);
        }

        foreach (var pending in batch)
        {
            pending.Done.TrySetResult();
        }
    }

    private void Fail(List<Pending> batch, List<StoredAccessEvent> stored, Exception failure)
    {
        Volatile.Write(ref _chain, NewChainId());
        _sequence = 0;
        _lastHash = AccessLogKeys.GenesisHash;
        AccessLogMessages.StoreFailed(_logger, stored.Count, failure.GetType().Name, _options.OnFailure, _chain);
        if (_options.OnFailure == AccessLogFailureMode.LogOnly)
        {
            foreach (var record in stored)
            {
                AccessLogMessages.Log(_logger, record, stored: false);
            }

            foreach (var pending in batch)
            {
                pending.Done.TrySetResult();
            }

            return;
        }

        foreach (var pending in batch)
        {
            // One exception per caller: a shared instance would collect every caller's stack trace.
            pending.Done.TrySetException(new AccessLogUnavailableException(
                $"The access log could not be written ({failure.GetType().Name}); the operation was refused.", failure));
        }
    }

    internal static StoredAccessEvent ToStored(AccessEvent e, string chain, long sequence, string keyId, DateTimeOffset now, string previousHash) => new()
    {
        Chain = chain,
        Sequence = sequence,
        KeyId = keyId,
        OccurredAt = AccessEventEncoding.Truncate(e.OccurredAt ?? now),
        Action = AccessLogNames.Of(e.Action),
        Outcome = AccessLogNames.Of(e.Outcome),
        Resource = e.Resource,
        SubjectToken = e.SubjectToken,
        Purpose = e.Purpose.Name,
        Actor = e.Actor,
        Categories = string.Join(',', e.Categories),
        ClientAddress = e.ClientAddress,
        Count = e.Count,
        Reason = e.Reason,
        PreviousHash = previousHash,
        Hash = string.Empty,
    };

    private static void Validate(AccessEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentException.ThrowIfNullOrEmpty(e.Resource, nameof(AccessEvent.Resource));
        ArgumentException.ThrowIfNullOrEmpty(e.Actor, nameof(AccessEvent.Actor));
        ArgumentNullException.ThrowIfNull(e.Categories, nameof(AccessEvent.Categories));
        _ = AccessLogNames.Of(e.Action);
        _ = AccessLogNames.Of(e.Outcome);
    }

    private static string NewChainId() =>
        DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private sealed class Pending(IReadOnlyList<AccessEvent> events, DateTimeOffset receivedAt)
    {
        public IReadOnlyList<AccessEvent> Events { get; } = events;

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
