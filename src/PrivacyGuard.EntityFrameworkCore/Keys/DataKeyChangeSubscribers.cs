using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// The callbacks of a change feed. Publishing reads a snapshot without locking; one failing callback is logged and
/// does not keep the others from being called.
/// </summary>
internal sealed partial class DataKeyChangeSubscribers(ILogger logger)
{
    private ImmutableArray<Action<string>> _callbacks = [];

    public IAsyncDisposable Add(Action<string> onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        ImmutableInterlocked.Update(ref _callbacks, static (list, item) => list.Add(item), onChanged);
        return new Subscription(this, onChanged);
    }

    public void Publish(string subjectId)
    {
        // ImmutableArray wraps a single array reference: reading it is atomic and gives a stable snapshot.
        foreach (var callback in _callbacks)
        {
            try
            {
                callback(subjectId);
            }
#pragma warning disable CA1031 // A subscriber's bug must not stop the others (or the listener) from hearing about shredded keys.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogSubscriberFailed(logger, e);
            }
        }
    }

    private void Remove(Action<string> onChanged) =>
        ImmutableInterlocked.Update(ref _callbacks, static (list, item) => list.Remove(item), onChanged);

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "A data key change subscriber threw; the other subscribers were still notified.")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);

    private sealed class Subscription(DataKeyChangeSubscribers owner, Action<string> onChanged) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(onChanged);
            }

            return ValueTask.CompletedTask;
        }
    }
}
