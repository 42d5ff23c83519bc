using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using PrivacyGuard.Encryption;

namespace PrivacyGuard.Benchmarks;

/// <summary>
/// A data key cache hit (look-up, expiry check, lease acquired and released) against its anchor, a bare
/// <see cref="ConcurrentDictionary{TKey, TValue}"/> look-up with the same key. Target: under 50 ns, 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class SubjectKeyCacheBenchmarks
{
    private const string SubjectId = "3f2c9a7e-5b1d-4c8e-9a0f-6d2e1b7c4a95";
    private readonly ConcurrentDictionary<string, object> _dictionary = new(StringComparer.Ordinal);
    private SubjectKeyCache _cache = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cache = new SubjectKeyCache(10_000, TimeSpan.FromHours(1));
        var key = new byte[32];
        Random.Shared.NextBytes(key);
        for (var i = 0; i < 1_000; i++)
        {
            var subject = i == 0 ? SubjectId : Guid.NewGuid().ToString();
            _cache.Add(subject, SubjectDataKey.Import((uint)i + 1, key, FieldEncryptionAlgorithm.Aegis256)).Dispose();
            _dictionary[subject] = subject;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _cache.Dispose();

    [Benchmark(Baseline = true, Description = "anchor: ConcurrentDictionary.TryGetValue")]
    public bool DictionaryLookup() => _dictionary.TryGetValue(SubjectId, out _);

    [Benchmark(Description = "PrivacyGuard data key cache hit (lease acquired and released)")]
    public uint CacheHit()
    {
        _cache.TryGet(SubjectId, out var lease);
        using (lease)
        {
            return lease.Key.DataKeyId;
        }
    }
}
