using Microsoft.Extensions.Logging;
using PrivacyGuard.Keys;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// The change feed of the SQLite store: changes are announced within this process only. That is enough because a
/// SQLite store belongs to a single instance; several instances must share a PostgreSQL store instead.
/// </summary>
internal sealed class InProcessDataKeyChangeFeed(ILogger<InProcessDataKeyChangeFeed> logger) : IDataKeyChangeFeed
{
    private readonly DataKeyChangeSubscribers _subscribers = new(logger);

    public ValueTask<IAsyncDisposable> SubscribeAsync(Action<string> onChanged, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_subscribers.Add(onChanged));
    }

    /// <summary>Announces a change the local store made (after it committed).</summary>
    public void Publish(string subjectId) => _subscribers.Publish(subjectId);
}
