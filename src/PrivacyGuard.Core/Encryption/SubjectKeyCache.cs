using System.Collections.Concurrent;

namespace PrivacyGuard.Encryption;

/// <summary>
/// Unwrapped data keys by subject id: bounded (<see cref="SubjectKeyOptions.CacheCapacity"/>), each entry expiring after
/// <see cref="SubjectKeyOptions.CacheTimeToLive"/>. An evicted key is disposed once the last lease on it is released, so a
/// caller in the middle of an operation never sees its key freed underneath it, and no key outlives its eviction for
/// longer than the operations already using it.
/// </summary>
internal sealed class SubjectKeyCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
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

    /// <summary>Caches <paramref name="key"/> unless a live key is cached already (then <paramref name="key"/> is disposed).</summary>
    public SubjectKeyLease Add(string subjectId, SubjectDataKey key)
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
                return new SubjectKeyLease(entry);
            }

            if (Environment.TickCount64 < existing.ExpiresAt && existing.TryAcquire())
            {
                entry.Release();
                entry.Release();
                return new SubjectKeyLease(existing);
            }

            Remove(subjectId, existing);
        }
    }

    public void Evict(string subjectId)
    {
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
