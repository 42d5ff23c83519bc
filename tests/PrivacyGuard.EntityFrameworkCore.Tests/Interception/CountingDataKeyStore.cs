using PrivacyGuard.EntityFrameworkCore.Tests.Keys;
using PrivacyGuard.Keys;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Interception;

/// <summary>How often each key look-up or first write reached the privacy store.</summary>
public readonly record struct StoreCalls(int FindMany, int GetOrAddMany, int Find, int GetOrAdd);

/// <summary>Passes every call to the real store and counts the key look-ups and first writes.</summary>
internal sealed class CountingDataKeyStore(IDataKeyStore inner) : DelegatingDataKeyStore(inner)
{
    private int _findMany;
    private int _getOrAddMany;
    private int _find;
    private int _getOrAdd;
    private int _subjectsAdded;

    public StoreCalls Calls => new(Volatile.Read(ref _findMany), Volatile.Read(ref _getOrAddMany), Volatile.Read(ref _find), Volatile.Read(ref _getOrAdd));

    /// <summary>Candidates offered through the batch first write.</summary>
    public int SubjectsAdded => Volatile.Read(ref _subjectsAdded);

    public override ValueTask<WrappedDataKey?> FindAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _find);
        return Inner.FindAsync(subjectId, cancellationToken);
    }

    public override ValueTask<WrappedDataKey> GetOrAddAsync(WrappedDataKey candidate, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _getOrAdd);
        return Inner.GetOrAddAsync(candidate, cancellationToken);
    }

    public override ValueTask<IReadOnlyDictionary<string, WrappedDataKey>> FindManyAsync(IReadOnlyCollection<string> subjectIds, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _findMany);
        return Inner.FindManyAsync(subjectIds, cancellationToken);
    }

    public override ValueTask<IReadOnlyDictionary<string, WrappedDataKey>> GetOrAddManyAsync(IReadOnlyCollection<WrappedDataKey> candidates, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _getOrAddMany);
        Interlocked.Add(ref _subjectsAdded, candidates.Count);
        return Inner.GetOrAddManyAsync(candidates, cancellationToken);
    }
}
