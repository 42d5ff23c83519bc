namespace PrivacyGuard.Keys;

/// <summary>
/// Where wrapped data keys live: the privacy store (EF Core on SQLite or PostgreSQL) in production. Implementations
/// are thread-safe, keep no key in clear, and throw <c>PrivacyStoreUnavailableException</c> when the store cannot be
/// reached, never returning a stale or invented answer.
/// </summary>
public interface IDataKeyStore
{
    /// <summary>The subject's wrapped key, or null when it has none (never created, or shredded).</summary>
    ValueTask<WrappedDataKey?> FindAsync(string subjectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="candidate"/> unless the subject already has a key, and returns the key that is stored:
    /// of several concurrent first writers for one subject, exactly one key wins and all of them get it.
    /// </summary>
    ValueTask<WrappedDataKey> GetOrAddAsync(WrappedDataKey candidate, CancellationToken cancellationToken = default);

    /// <summary>
    /// The wrapped keys of those of <paramref name="subjectIds"/> that have one, by subject id (ordinal); subjects without
    /// a key are absent from the result. Duplicates in the input are looked up once. An empty input makes no call.
    /// </summary>
    ValueTask<IReadOnlyDictionary<string, WrappedDataKey>> FindManyAsync(IReadOnlyCollection<string> subjectIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="GetOrAddAsync"/> for many subjects at once: stores each candidate unless its subject already has a key,
    /// and returns, by subject id (ordinal), the key that is stored for every subject named. The same contract holds per
    /// subject: of several concurrent writers (single or batch, in this process or another), exactly one key wins and all
    /// of them get it. Of several candidates for one subject in the input, the first is offered.
    /// </summary>
    ValueTask<IReadOnlyDictionary<string, WrappedDataKey>> GetOrAddManyAsync(IReadOnlyCollection<WrappedDataKey> candidates, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the subject's key (crypto-shredding), records in the same transaction that the subject was shredded (a
    /// tombstone without key material), and tells every instance sharing the store through
    /// <see cref="IDataKeyChangeFeed"/>. True when a key existed.
    /// </summary>
    ValueTask<bool> DeleteAsync(string subjectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when the subject's key was shredded at some point (a tombstone exists), so a missing key means "erased";
    /// false when no key was ever shredded for it, so a value that names a missing key means the store lost data.
    /// </summary>
    ValueTask<bool> WasShreddedAsync(string subjectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the wrapping of the subject's key (root-key rotation) if it is still data key
    /// <paramref name="dataKeyId"/> wrapped by <paramref name="expectedKekId"/>; false when it changed meanwhile.
    /// </summary>
    ValueTask<bool> ReplaceWrappingAsync(string subjectId, uint dataKeyId, string expectedKekId, string newKekId, byte[] newWrappedKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> keys not wrapped by <paramref name="kekId"/>, ordered by subject id, starting
    /// after <paramref name="afterSubjectId"/> (null for the start): the pages a resumable rotation walks through.
    /// </summary>
    ValueTask<IReadOnlyList<WrappedDataKey>> ListWrappedOtherThanAsync(string kekId, string? afterSubjectId, int limit, CancellationToken cancellationToken = default);
}
