using PrivacyGuard.Keys;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Keys;

/// <summary>Passes every call to the real store; test doubles override the calls they observe or change.</summary>
internal abstract class DelegatingDataKeyStore(IDataKeyStore inner) : IDataKeyStore
{
    protected IDataKeyStore Inner { get; } = inner;

    public virtual ValueTask<WrappedDataKey?> FindAsync(string subjectId, CancellationToken cancellationToken = default) => Inner.FindAsync(subjectId, cancellationToken);

    public virtual ValueTask<WrappedDataKey> GetOrAddAsync(WrappedDataKey candidate, CancellationToken cancellationToken = default) => Inner.GetOrAddAsync(candidate, cancellationToken);

    public virtual ValueTask<IReadOnlyDictionary<string, WrappedDataKey>> FindManyAsync(IReadOnlyCollection<string> subjectIds, CancellationToken cancellationToken = default) =>
        Inner.FindManyAsync(subjectIds, cancellationToken);

    public virtual ValueTask<IReadOnlyDictionary<string, WrappedDataKey>> GetOrAddManyAsync(IReadOnlyCollection<WrappedDataKey> candidates, CancellationToken cancellationToken = default) =>
        Inner.GetOrAddManyAsync(candidates, cancellationToken);

    public virtual ValueTask<bool> DeleteAsync(string subjectId, CancellationToken cancellationToken = default) => Inner.DeleteAsync(subjectId, cancellationToken);

    public virtual ValueTask<bool> WasShreddedAsync(string subjectId, CancellationToken cancellationToken = default) => Inner.WasShreddedAsync(subjectId, cancellationToken);

    public virtual ValueTask<bool> ReplaceWrappingAsync(string subjectId, uint dataKeyId, string expectedKekId, string newKekId, byte[] newWrappedKey, CancellationToken cancellationToken = default) =>
        Inner.ReplaceWrappingAsync(subjectId, dataKeyId, expectedKekId, newKekId, newWrappedKey, cancellationToken);

    public virtual ValueTask<IReadOnlyList<WrappedDataKey>> ListWrappedOtherThanAsync(string kekId, string? afterSubjectId, int limit, CancellationToken cancellationToken = default) =>
        Inner.ListWrappedOtherThanAsync(kekId, afterSubjectId, limit, cancellationToken);
}
