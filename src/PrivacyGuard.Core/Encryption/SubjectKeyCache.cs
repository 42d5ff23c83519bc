using System.Collections.Concurrent;

namespace PrivacyGuard.Encryption;

/// <summary>
/// Unwrapped data keys by subject id: bounded (<see cref="SubjectKeyOptions.CacheCapacity"/>), each entry expiring after
/// <see cref="SubjectKeyOptions.CacheTimeToLive"/>. An evicted key is disposed once the last lease on it is released, so a
/// caller in the middle of an operation never sees its key freed underneath it, and no key outlives its eviction for
/// longer than the operations already using it.
/// </summary>
/// <remarks>
/// A key read from the store just before a shred deleted it must not be cached after the shred's eviction, or this
/// instance would keep decrypting (and encrypting) under a key the store no longer has until the entry expires. Each
/// eviction bumps a counter (one of <see cref="Stripes"/>, chosen by subject id); a loader takes
/// <see cref="EvictionStamp"/> before it reads the store and passes it to <see cref="Add(string, SubjectDataKey, long)"/>,
/// which keeps the key only when no eviction of that stripe ran in between. Otherwise the key serves the one operation
/// that loaded it (which started before the shred was acknowledged) and is dropped when its lease is released.
/// </remarks>
internal sealed class SubjectKeyCache : IDisposable
{
    private const int Stripes = 64;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long[] _evictions = new long[Stripes];
    private readonly int _capacity;
    private readonly long _timeToLiveMs;
    private int _count;

    public SubjectKeyCache(int capacity, TimeSpan timeToLive)
    {
        _capacity = capacity;
        _timeToLiveMs = (long)timeToLive.TotalMilliseconds;
    }

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(string subjectId, out SubjectKeyLease lease)
    {
        if (_entries.TryGetValue(subjectId, out var entry))
        {
            if (Environment.TickCount64 < entry.ExpiresAt && entry.TryAcquire())
            {
                lease = new SubjectKeyLease(entry);
                return true;
            }

            Remove(subjectId, entry);
        }

        lease = default;
        return false;
    }

    /// <summary>Take before reading <paramref name="subjectId"/>'s key from the store; pass to <see cref="Add(string, SubjectDataKey, long)"/>.</summary>
    public long EvictionStamp(string subjectId) => Interlocked.Read(ref _evictions[StripeOf(subjectId)]);

    /// <summary>
    /// As <see cref="Add(string, SubjectDataKey)"/>, but the key is not kept in the cache when <paramref name="subjectId"/>'s
    /// stripe saw an eviction since <paramref name="stamp"/> (<see cref="EvictionStamp"/>): it may be a shredded key.
    /// </summary>
    public SubjectKeyLease Add(string subjectId, SubjectDataKey key, long stamp) => Add(subjectId, key, stamp, exact: false);

    /// <summary>
    /// As <see cref="Add(string, SubjectDataKey, long)"/>, but the lease always holds <paramref name="key"/> itself: when
    /// another key of the subject is cached (the subject was shredded and got a new key while this one was loading, or
    /// this instance has not heard of a shred yet), <paramref name="key"/> serves this operation uncached and the cached
    /// key stays. For decryption, where only the key a ciphertext names will do.
    /// </summary>
    public SubjectKeyLease AddExact(string subjectId, SubjectDataKey key, long stamp) => Add(subjectId, key, stamp, exact: true);

    private SubjectKeyLease Add(string subjectId, SubjectDataKey key, long stamp, bool exact)
    {
        var lease = Add(subjectId, key, exact, out var entry);
        if (entry is not null && Interlocked.Read(ref _evictions[StripeOf(subjectId)]) != stamp)
        {
            // Checked after the insert: an eviction that ran before the insert is seen here, one that runs after it
            // removes the entry itself.
            Remove(subjectId, entry);
        }

        return lease;
    }

    /// <summary>Caches <paramref name="key"/> unless a live key is cached already (then <paramref name="key"/> is disposed).</summary>
    public SubjectKeyLease Add(string subjectId, SubjectDataKey key) => Add(subjectId, key, exact: false, out _);

    /// <summary>The lease, and the cache entry it holds (null when <paramref name="exact"/> left the key uncached).</summary>
    private SubjectKeyLease Add(string subjectId, SubjectDataKey key, bool exact, out Entry? added)
    {
        var entry = new Entry(key, Environment.TickCount64 + _timeToLiveMs);
        entry.TryAcquire();
        while (true)
        {
            var existing = _entries.GetOrAdd(subjectId, entry);
            if (ReferenceEquals(existing, entry))
            {
                Interlocked.Increment(ref _count);
                TrimIfNeeded();
                added = entry;
                return new SubjectKeyLease(entry);
            }

            if (exact && existing.Key.DataKeyId != key.DataKeyId && Environment.TickCount64 < existing.ExpiresAt)
            {
                // Another live key is cached: keep it, and let this key serve its one lease (the cache's reference dropped).
                entry.Release();
                added = null;
                return new SubjectKeyLease(entry);
            }

            if (Environment.TickCount64 < existing.ExpiresAt && existing.TryAcquire())
            {
                entry.Release();
                entry.Release();
                added = existing;
                return new SubjectKeyLease(existing);
            }

            Remove(subjectId, existing);
        }
    }

    public void Evict(string subjectId)
    {
        // Before the removal: a loader whose insert comes after the removal sees the new count.
        Interlocked.Increment(ref _evictions[StripeOf(subjectId)]);
        if (_entries.TryRemove(subjectId, out var entry))
        {
            Interlocked.Decrement(ref _count);
            entry.Release();
        }
    }

    public void Dispose()
    {
        foreach (var subjectId in _entries.Keys)
        {
            Evict(subjectId);
        }
    }

    private static int StripeOf(string subjectId) => StringComparer.Ordinal.GetHashCode(subjectId) & (Stripes - 1);

    private void Remove(string subjectId, Entry entry)
    {
        if (_entries.TryRemove(KeyValuePair.Create(subjectId, entry)))
        {
            Interlocked.Decrement(ref _count);
            entry.Release();
        }
    }

    private void TrimIfNeeded()
    {
        if (Volatile.Read(ref _count) <= _capacity)
        {
            return;
        }

        // Expired entries first; then any, until a tenth of the capacity is free again.
        var target = _capacity - Math.Max(1, _capacity / 10);
        var now = Environment.TickCount64;
        foreach (var pass in new[] { true, false })
        {
            foreach (var (subjectId, entry) in _entries)
            {
                if (Volatile.Read(ref _count) <= target)
                {
                    return;
                }

                if (!pass || now >= entry.ExpiresAt)
                {
                    Remove(subjectId, entry);
                }
            }
        }
    }

    /// <summary>A cached key with a reference count: one for the cache, one per lease.</summary>
    internal sealed class Entry(SubjectDataKey key, long expiresAt)
    {
        private int _references = 1;

        public SubjectDataKey Key { get; } = key;

        public long ExpiresAt { get; } = expiresAt;

        public bool TryAcquire()
        {
            while (true)
            {
                var current = Volatile.Read(ref _references);
                if (current == 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
                {
                    return true;
                }
            }
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                Key.Dispose();
            }
        }
    }
}
