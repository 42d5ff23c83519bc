using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PrivacyGuard.Keys;

namespace PrivacyGuard.Encryption;

/// <summary>
/// Per-subject data keys: created on a subject's first write, kept in the privacy store only wrapped by a root key,
/// cached unwrapped (bounded, expiring) in NSec keys that are never exportable, and shredded on erasure so every value
/// encrypted under them becomes unreadable, backups included.
/// </summary>
/// <remarks>
/// Thread-safe; register as a singleton. Call <see cref="StartAsync"/> once so shreds made by other instances sharing the
/// store evict this instance's cache (within the change feed's latency; PostgreSQL LISTEN/NOTIFY).
/// </remarks>
public sealed class SubjectKeyService : IAsyncDisposable
{
    private readonly IDataKeyStore _store;
    private readonly IKeyEncryptionKeyProvider _kek;
    private readonly IDataKeyChangeFeed? _changeFeed;
    private readonly SubjectKeyCache _cache;
    private readonly FieldEncryptionAlgorithm _algorithm;
    private IAsyncDisposable? _subscription;

    /// <summary>Creates the service over a store and a key-encryption key provider.</summary>
    public SubjectKeyService(IDataKeyStore store, IKeyEncryptionKeyProvider keyEncryptionKeys, IOptions<SubjectKeyOptions> options, IDataKeyChangeFeed? changeFeed = null)
        : this(store, keyEncryptionKeys, options, changeFeed, FieldEncryptionAlgorithms.Preferred)
    {
    }

    internal SubjectKeyService(IDataKeyStore store, IKeyEncryptionKeyProvider keyEncryptionKeys, IOptions<SubjectKeyOptions> options, IDataKeyChangeFeed? changeFeed, FieldEncryptionAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keyEncryptionKeys);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _kek = keyEncryptionKeys;
        _changeFeed = changeFeed;
        _algorithm = algorithm;
        _cache = new SubjectKeyCache(options.Value.CacheCapacity, options.Value.CacheTimeToLive);
    }

    /// <summary>Number of unwrapped keys in memory.</summary>
    public int CachedKeyCount => _cache.Count;

    /// <summary>Subscribes to the store's change feed so shreds on other instances evict cached keys. Idempotent.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_changeFeed is not null && _subscription is null)
        {
            _subscription = await _changeFeed.SubscribeAsync(_cache.Evict, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The cached key of <paramref name="subjectId"/>, if any: the allocation-free hot path.</summary>
    public bool TryGetCached(string subjectId, out SubjectKeyLease lease) => _cache.TryGet(subjectId, out lease);

    /// <summary>The key to encrypt <paramref name="subjectId"/>'s values with, created and stored on first use.</summary>
    /// <exception cref="Storage.PrivacyStoreUnavailableException">The store cannot be reached.</exception>
    /// <exception cref="DataKeyUnavailableException">The stored key fails authentication.</exception>
    public async ValueTask<SubjectKeyLease> GetOrCreateAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        if (_cache.TryGet(subjectId, out var cached))
        {
            return cached;
        }

        // Stamped before the store read: a shred racing this load keeps the key it deleted out of the cache.
        var stamp = _cache.EvictionStamp(subjectId);
        var stored = await _store.FindAsync(subjectId, cancellationToken).ConfigureAwait(false)
            ?? await _store.GetOrAddAsync(await CreateAsync(subjectId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return _cache.Add(subjectId, await UnwrapAsync(stored, cancellationToken).ConfigureAwait(false), stamp);
    }

    /// <summary>
    /// The keys to encrypt <paramref name="subjectIds"/>' values with, by subject id (ordinal), each created and stored on
    /// first use: cached keys first, then one store look-up for the rest, then one batch insert for subjects that have
    /// none yet. Dispose every lease returned. Duplicates get one lease.
    /// </summary>
    /// <exception cref="Storage.PrivacyStoreUnavailableException">The store cannot be reached.</exception>
    /// <exception cref="DataKeyUnavailableException">A stored key fails authentication.</exception>
    public async ValueTask<IReadOnlyDictionary<string, SubjectKeyLease>> GetOrCreateManyAsync(IReadOnlyCollection<string> subjectIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectIds);
        var leases = new Dictionary<string, SubjectKeyLease>(subjectIds.Count, StringComparer.Ordinal);
        var created = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            var misses = new List<string>();
            var stamps = new Dictionary<string, long>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var subjectId in subjectIds)
            {
                ArgumentException.ThrowIfNullOrEmpty(subjectId, nameof(subjectIds));
                if (!seen.Add(subjectId))
                {
                    continue;
                }

                if (_cache.TryGet(subjectId, out var cached))
                {
                    leases.Add(subjectId, cached);
                }
                else
                {
                    misses.Add(subjectId);
                    stamps.Add(subjectId, _cache.EvictionStamp(subjectId));
                }
            }

            if (misses.Count == 0)
            {
                return leases;
            }

            var found = await _store.FindManyAsync(misses, cancellationToken).ConfigureAwait(false);
            IReadOnlyDictionary<string, WrappedDataKey>? added = null;
            var missing = misses.Where(id => !found.ContainsKey(id)).ToList();
            if (missing.Count != 0)
            {
                var candidates = new List<WrappedDataKey>(missing.Count);
                foreach (var subjectId in missing)
                {
                    var material = new byte[1 + SubjectDataKey.KeySize];
                    created.Add(subjectId, material);
                    candidates.Add(await CreateAsync(subjectId, material, cancellationToken).ConfigureAwait(false));
                }

                added = await _store.GetOrAddManyAsync(candidates, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < candidates.Count; i++)
                {
                    // A candidate that lost to another writer's key is unwrapped from the store's copy below.
                    if (!added.TryGetValue(candidates[i].SubjectId, out var winner) || !IsSameKey(winner, candidates[i]))
                    {
                        CryptographicOperations.ZeroMemory(created[candidates[i].SubjectId]);
                        created.Remove(candidates[i].SubjectId);
                    }
                }
            }

            foreach (var subjectId in misses)
            {
                if (!found.TryGetValue(subjectId, out var stored) && (added is null || !added.TryGetValue(subjectId, out stored)))
                {
                    throw new InvalidOperationException("The privacy store did not return a data key for every subject it was asked to store one for.");
                }

                // A key this call created and stored is imported from the material it wrapped: no unwrap of the copy.
                var key = created.TryGetValue(subjectId, out var material)
                    ? SubjectDataKey.Import(stored.DataKeyId, material.AsSpan(1), (FieldEncryptionAlgorithm)material[0])
                    : await UnwrapAsync(stored, cancellationToken).ConfigureAwait(false);
                leases.Add(subjectId, _cache.Add(subjectId, key, stamps[subjectId]));
            }

            return leases;
        }
        catch
        {
            foreach (var lease in leases.Values)
            {
                lease.Dispose();
            }

            throw;
        }
        finally
        {
            foreach (var material in created.Values)
            {
                CryptographicOperations.ZeroMemory(material);
            }
        }
    }

    private static bool IsSameKey(WrappedDataKey stored, WrappedDataKey candidate) =>
        stored.DataKeyId == candidate.DataKeyId
        && string.Equals(stored.KekId, candidate.KekId, StringComparison.Ordinal)
        && stored.WrappedKey.AsSpan().SequenceEqual(candidate.WrappedKey);

    /// <summary>
    /// The key a ciphertext of <paramref name="subjectId"/> was made with (<paramref name="dataKeyId"/>, from its header),
    /// or <see cref="SubjectKeyLookup.Erased"/> when the subject's key was shredded (or replaced after a shred).
    /// </summary>
    /// <exception cref="DataKeyMissingException">The key is gone but the subject was never shredded.</exception>
    public async ValueTask<SubjectKeyLookup> FindAsync(string subjectId, uint dataKeyId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        if (_cache.TryGet(subjectId, out var cached))
        {
            if (cached.Key.DataKeyId == dataKeyId)
            {
                return new SubjectKeyLookup(cached);
            }

            cached.Dispose();
        }

        var stamp = _cache.EvictionStamp(subjectId);
        var stored = await _store.FindAsync(subjectId, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.DataKeyId != dataKeyId)
        {
            // A key that was shredded (the subject may have a newer one since) means erased; a key that was never
            // shredded yet is gone means the store lost data: fail closed rather than report an erasure that never happened.
            return await _store.WasShreddedAsync(subjectId, cancellationToken).ConfigureAwait(false)
                ? SubjectKeyLookup.Erased
                : throw new DataKeyMissingException("A value names a data key the privacy store does not have, and its subject was never shredded. Nothing was decrypted; check that the store is the right one and complete.");
        }

        // Exact: a different key cached meanwhile (the subject shredded and re-keyed while this one loaded) must not be
        // handed out for a ciphertext that names this one.
        return new SubjectKeyLookup(_cache.AddExact(subjectId, await UnwrapAsync(stored, cancellationToken).ConfigureAwait(false), stamp));
    }

    /// <summary>
    /// Crypto-shreds <paramref name="subjectId"/>: deletes the data key from the store and from this cache (other instances
    /// evict it through the change feed). Every value encrypted under it is unreadable from then on. True when a key existed.
    /// </summary>
    public async ValueTask<bool> ShredAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        _cache.Evict(subjectId);
        var existed = await _store.DeleteAsync(subjectId, cancellationToken).ConfigureAwait(false);
        _cache.Evict(subjectId);
        return existed;
    }

    /// <summary>
    /// Re-wraps every data key not yet wrapped by the current root key, in pages, without touching encrypted values.
    /// Resumable: a run that stops part-way leaves some keys under the old root key, and the next run continues with them.
    /// </summary>
    public async Task<RootKeyRotationResult> RewrapAsync(IProgress<RootKeyRotationResult>? progress = null, int pageSize = 500, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var current = _kek.CurrentKeyId;
        var result = new RootKeyRotationResult();
        string? after = null;
        var material = new byte[1 + SubjectDataKey.KeySize];
        try
        {
            while (true)
            {
                var page = await _store.ListWrappedOtherThanAsync(current, after, pageSize, cancellationToken).ConfigureAwait(false);
                if (page.Count == 0)
                {
                    return result;
                }

                foreach (var key in page)
                {
                    if (!await _kek.TryUnwrapAsync(key.KekId, key.SubjectId, key.WrappedKey, material, cancellationToken).ConfigureAwait(false))
                    {
                        throw new DataKeyUnavailableException("A stored data key failed authentication during rotation; it was left as it is.");
                    }

                    var wrapped = await _kek.WrapAsync(current, key.SubjectId, material, cancellationToken).ConfigureAwait(false);
                    var replaced = await _store.ReplaceWrappingAsync(key.SubjectId, key.DataKeyId, key.KekId, current, wrapped, cancellationToken).ConfigureAwait(false);
                    result = replaced ? result with { Rewrapped = result.Rewrapped + 1 } : result with { Skipped = result.Skipped + 1 };
                }

                after = page[^1].SubjectId;
                progress?.Report(result);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>Ends the change feed subscription and frees every cached key.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
        }

        _cache.Dispose();
    }

    private async ValueTask<WrappedDataKey> CreateAsync(string subjectId, CancellationToken cancellationToken)
    {
        var material = new byte[1 + SubjectDataKey.KeySize];
        try
        {
            return await CreateAsync(subjectId, material, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>A new data key, wrapped; its material (algorithm byte, then the key) is left in <paramref name="material"/>, which the caller zeroes.</summary>
    private async ValueTask<WrappedDataKey> CreateAsync(string subjectId, byte[] material, CancellationToken cancellationToken)
    {
        material[0] = (byte)_algorithm;
        RandomNumberGenerator.Fill(material.AsSpan(1));
        var kekId = _kek.CurrentKeyId;
        return new WrappedDataKey
        {
            SubjectId = subjectId,
            DataKeyId = NewDataKeyId(),
            KekId = kekId,
            WrappedKey = await _kek.WrapAsync(kekId, subjectId, material, cancellationToken).ConfigureAwait(false),
            CreatedAt = DateTimeOffset.UtcNow,
        };
    }

    private async ValueTask<SubjectDataKey> UnwrapAsync(WrappedDataKey stored, CancellationToken cancellationToken)
    {
        var material = new byte[1 + SubjectDataKey.KeySize];
        try
        {
            if (!await _kek.TryUnwrapAsync(stored.KekId, stored.SubjectId, stored.WrappedKey, material, cancellationToken).ConfigureAwait(false)
                || !Enum.IsDefined((FieldEncryptionAlgorithm)material[0]))
            {
                throw new DataKeyUnavailableException("A stored data key failed authentication: it was altered or moved to another subject. Nothing was decrypted.");
            }

            return SubjectDataKey.Import(stored.DataKeyId, material.AsSpan(1), (FieldEncryptionAlgorithm)material[0]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private static uint NewDataKeyId()
    {
        Span<byte> bytes = stackalloc byte[4];
        uint id;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            id = BitConverter.ToUInt32(bytes);
        }
        while (id == 0);
        return id;
    }
}
