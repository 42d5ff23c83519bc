namespace PrivacyGuard.Keys;

/// <summary>
/// Tells this instance when a subject's data key was deleted or replaced by any instance sharing the privacy store
/// (PostgreSQL <c>LISTEN/NOTIFY</c>; within the process for SQLite, which is single-instance), so caches evict it.
/// </summary>
public interface IDataKeyChangeFeed
{
    /// <summary>
    /// Calls <paramref name="onChanged"/> with the subject id of every key change, until the returned handle is
    /// disposed. A subscription is active (changes made after it returns are delivered) when this method returns.
    /// </summary>
    ValueTask<IAsyncDisposable> SubscribeAsync(Action<string> onChanged, CancellationToken cancellationToken = default);
}
