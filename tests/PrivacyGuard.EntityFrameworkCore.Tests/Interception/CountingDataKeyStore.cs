using PrivacyGuard.Keys;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Interception;

/// <summary>How often each key look-up or first write reached the privacy store.</summary>
public readonly record struct StoreCalls(int FindMany, int GetOrAddMany, int Find, int GetOrAdd);

/// <summary>Passes every call to the real store and counts the key look-ups and first writes.</summary>
internal sealed class CountingDataKeyStore(IDataKeyStore inner) : IDataKeyStore
{
    private int _findMany;
    private int _getOrAddMany;
    private int _find;
    private int _getOrAdd;
    private int _subjectsAdded;

    public StoreCalls Calls => new(Volatile.Read(ref _findMany), Volatile.Read(ref _getOrAddMany), Volatile.Read(ref _find), Volatile.Read(ref _getOrAdd));

    /// <summary>Candidates offered through the batch first write.</summary>
    public int SubjectsAdded => Volatile.Read(ref _subjectsAdded);

    public ValueTask<WrappedDataKey?> FindAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _find);
        return inner.FindAsync(subjectId, cancellationToken);
    }

    public ValueTask<WrappedDataKey> GetOrAddAsync(WrappedDataKey candidate, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _getOrAdd);
        return inner.GetOrAddAsync(candidate, cancellationToken);
    }

    public ValueTask<IReadOnlyDictionary<string, WrappedDataKey>> FindManyAsync(IReadOnlyCollection<string> subjectIds, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _findMany);
        return inner.FindManyAsync(subjectIds, cancellationToken);
    }

    public ValueTask<IReadOnlyDictionary<string, WrappedDataKey>> GetOrAddManyAsync(IReadOnlyCollection<WrappedDataKey> candidates, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _getOrAddMany);
        Interlocked.Add(ref _subjectsAdded, candidates.Count);
        return inner.GetOrAddManyAsync(candidates, cancellationToken);
    }

    public ValueTask<bool> DeleteAsync(string subjectId, CancellationToken cancellationToken = default) => inner.DeleteAsync(subjectId, cancellationToken);

    public ValueTask<bool> WasShreddedAsync(string subjectId, CancellationToken cancellationToken = default) => inner.WasShreddedAsync(subjectId, cancellationToken);

    public ValueTask<bool> ReplaceWrappingAsync(string subjectId, uint dataKeyId, string expectedKekId, string newKekId, byte[] newWrappedKey, CancellationToken cancellationToken = default) =>
        inner.ReplaceWrappingAsync(subjectId, dataKeyId, expectedKekId, newKekId, newWrappedKey, cancellationToken);

    public ValueTask<IReadOnlyList<WrappedDataKey>> ListWrappedOtherThanAsync(string kekId, string? afterSubjectId, int limit, CancellationToken cancellationToken = default) =>
        inner.ListWrappedOtherThanAsync(kekId, afterSubjectId, limit, cancellationToken);
}
