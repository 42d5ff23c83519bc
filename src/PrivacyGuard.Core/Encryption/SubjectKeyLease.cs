namespace PrivacyGuard.Encryption;

/// <summary>
/// Use of a cached data key. The key stays usable until the lease is disposed, even if the cache evicts it meanwhile
/// (a shred, expiry or capacity). Dispose each lease exactly once; a default lease holds no key.
/// </summary>
public readonly struct SubjectKeyLease : IDisposable
{
    private readonly SubjectKeyCache.Entry? _entry;

    internal SubjectKeyLease(SubjectKeyCache.Entry entry) => _entry = entry;

    /// <summary>The data key.</summary>
    /// <exception cref="InvalidOperationException">The lease is empty.</exception>
    public SubjectDataKey Key => _entry?.Key ?? throw new InvalidOperationException("This lease holds no key.");

    /// <summary>True when the lease holds a key.</summary>
    public bool HasKey => _entry is not null;

    /// <summary>Releases the key.</summary>
    public void Dispose() => _entry?.Release();
}
