using System.Buffers.Binary;
using PrivacyGuard.Encryption;

namespace PrivacyGuard.Tests.Encryption;

public class NonceSourceTests
{
    [Fact]
    public void A_million_nonces_contain_no_repeat()
    {
        const int Count = 1_000_000;
        var seen = new HashSet<UInt128>(Count);
        Span<byte> nonce = stackalloc byte[32];
        for (var i = 0; i < Count; i++)
        {
            // Alternate the two nonce sizes so refills also happen with a tail too short for the next nonce.
            var size = (i & 1) == 0 ? 32 : 24;
            NonceSource.Fill(nonce[..size]);
            Assert.True(seen.Add(BinaryPrimitives.ReadUInt128LittleEndian(nonce)), $"Nonce {i} repeats an earlier one.");
        }
    }

    [Fact]
    public void Threads_draw_from_their_own_buffers_without_repeats()
    {
        var perThread = new UInt128[4][];
        Parallel.For(0, perThread.Length, new ParallelOptions { MaxDegreeOfParallelism = perThread.Length }, t =>
        {
            var values = new UInt128[50_000];
            Span<byte> nonce = stackalloc byte[32];
            for (var i = 0; i < values.Length; i++)
            {
                NonceSource.Fill(nonce);
                values[i] = BinaryPrimitives.ReadUInt128LittleEndian(nonce);
            }

            perThread[t] = values;
        });

        var all = perThread.SelectMany(v => v).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void A_nonce_larger_than_the_buffer_is_refused() =>
        Assert.Throws<ArgumentException>(() => NonceSource.Fill(new byte[NonceSource.BufferSize + 1]));
}
