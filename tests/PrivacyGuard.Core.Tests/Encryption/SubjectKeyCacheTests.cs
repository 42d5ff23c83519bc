using PrivacyGuard.Encryption;

namespace PrivacyGuard.Tests.Encryption;

public class SubjectKeyCacheTests
{
    private static SubjectDataKey NewKey(uint id) => SubjectDataKey.Import(id, new byte[32], FieldEncryptionAlgorithm.XChaCha20Poly1305);

    private static bool Usable(SubjectDataKey key)
    {
        var encryptor = new FieldEncryptor();
        try
        {
            _ = encryptor.Encrypt(key, new EncryptionContext("E", "P", "s"), [1, 2, 3]);
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    [Fact]
    public void A_cached_key_is_returned_until_evicted()
    {
        using var cache = new SubjectKeyCache(10, TimeSpan.FromHours(1));
        cache.Add("s", NewKey(7)).Dispose();

        Assert.True(cache.TryGet("s", out var lease));
        Assert.Equal(7u, lease.Key.DataKeyId);
        lease.Dispose();
        cache.Evict("s");
        Assert.False(cache.TryGet("s", out _));
    }

    [Fact]
    public void An_evicted_key_stays_usable_while_leased_and_is_disposed_when_the_last_lease_ends()
    {
        using var cache = new SubjectKeyCache(10, TimeSpan.FromHours(1));
        using (cache.Add("s", NewKey(7)))
        {
        }

        Assert.True(cache.TryGet("s", out var lease));
        var key = lease.Key;
        cache.Evict("s");
        Assert.True(Usable(key));
        lease.Dispose();
        Assert.False(Usable(key));
    }

    [Fact]
    public void Adding_a_second_key_for_a_cached_subject_keeps_the_first_and_disposes_the_second()
    {
        using var cache = new SubjectKeyCache(10, TimeSpan.FromHours(1));
        var first = NewKey(1);
        var second = NewKey(2);
        cache.Add("s", first).Dispose();
        using var lease = cache.Add("s", second);

        Assert.Same(first, lease.Key);
        Assert.False(Usable(second));
    }

    [Fact]
    public void The_cache_stays_within_its_capacity_and_disposes_what_it_drops()
    {
        using var cache = new SubjectKeyCache(100, TimeSpan.FromHours(1));
        var keys = Enumerable.Range(1, 500).Select(i => NewKey((uint)i)).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            cache.Add($"s{i}", keys[i]).Dispose();
            Assert.InRange(cache.Count, 1, 100);
        }

        var dropped = keys.Count(k => !Usable(k));
        Assert.Equal(keys.Count - cache.Count, dropped);
    }

    [Fact]
    public void An_expired_key_is_not_returned_and_is_disposed()
    {
        using var cache = new SubjectKeyCache(10, TimeSpan.FromMilliseconds(1));
        var key = NewKey(3);
        cache.Add("s", key).Dispose();
        var start = Environment.TickCount64;
        SpinWait.SpinUntil(() => Environment.TickCount64 > start + 2);

        Assert.False(cache.TryGet("s", out _));
        Assert.False(Usable(key));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Concurrent_hits_evictions_and_adds_never_hand_out_a_disposed_key()
    {
        using var cache = new SubjectKeyCache(8, TimeSpan.FromHours(1));
        var failures = 0;
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var subject = $"s{i % 16}";
            if (i % 7 == 0)
            {
                cache.Evict(subject);
            }

            if (!cache.TryGet(subject, out var lease))
            {
                lease = cache.Add(subject, NewKey((uint)i + 1));
            }

            using (lease)
            {
                if (!Usable(lease.Key))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        Assert.Equal(0, failures);
    }
}
