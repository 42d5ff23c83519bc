using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace PrivacyGuard.Gateway.Tests.Operations;

/// <summary>A Serilog sink registered as a service: keeps every event and signals each one.</summary>
internal sealed class CapturingSink : ILogEventSink, IDisposable
{
    private readonly ConcurrentQueue<LogEvent> _events = new();
    private readonly SemaphoreSlim _emitted = new(0);

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent)
    {
        _events.Enqueue(logEvent);
        _emitted.Release();
    }

    /// <summary>Waits (up to 10 s) for the first event matching <paramref name="match"/>.</summary>
    public async Task<LogEvent> WaitForAsync(Func<LogEvent, bool> match)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (Events.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await _emitted.WaitAsync(timeout.Token);
        }
    }

    public void Dispose() => _emitted.Dispose();
}
