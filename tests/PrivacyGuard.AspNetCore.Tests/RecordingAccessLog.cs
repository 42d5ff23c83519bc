using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using PrivacyGuard.AccessLog;

namespace PrivacyGuard.AspNetCore.Tests;

/// <summary>
/// A test double of <see cref="IAccessLog"/>: keyed tokens (HMAC-SHA256 under a fixed test key) and the recorded events
/// in memory; <see cref="Unavailable"/> makes every write fail the way the real log fails when its store is down.
/// </summary>
public sealed class RecordingAccessLog : IAccessLog
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("recording-access-log-test-key-32");
    private readonly ConcurrentQueue<AccessEvent> _events = new();

    /// <summary>The events recorded so far, in order.</summary>
    public IReadOnlyList<AccessEvent> Events => [.. _events];

    /// <summary>When true, writes throw <see cref="AccessLogUnavailableException"/>.</summary>
    public bool Unavailable { get; set; }

    public string TokenizeSubject(string subjectId) =>
        "s_" + Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(subjectId)))[..32];

    public ValueTask RecordAsync(AccessEvent accessEvent, CancellationToken cancellationToken = default) =>
        RecordAsync([accessEvent], cancellationToken);

    public ValueTask RecordAsync(IReadOnlyList<AccessEvent> accessEvents, CancellationToken cancellationToken = default)
    {
        if (Unavailable)
        {
            throw new AccessLogUnavailableException();
        }

        foreach (var accessEvent in accessEvents)
        {
            _events.Enqueue(accessEvent);
        }

        return ValueTask.CompletedTask;
    }
}
