using CsCheck;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

/// <summary>Lane hashing gives, for every message, exactly the hash <see cref="Blake2bKeyed.Compute"/> gives it alone.</summary>
public class Blake2bLanesTests
{
    [Fact]
    public void Each_lane_matches_the_one_message_hash_for_any_count_and_lengths() =>
        Gen.Select(Gen.Byte.Array[32].Array[1, 3], Gen.Byte.Array[1, Blake2bKeyed.MaxLaneMessageLength].Array[1, Blake2bKeyed.LaneCount])
            .Sample((keys, messages) =>
            {
                // Each lane takes one of a few keys, so lanes with different keys and lanes sharing one both occur.
                var hashes = keys.Select(k => new Blake2bKeyed(k)).ToArray();
                var laneKeys = messages.Select((_, i) => hashes[i % hashes.Length]).ToArray();
                var slots = new byte[Blake2bKeyed.LaneCount * Blake2bKeyed.MaxLaneMessageLength];
                var lengths = new int[messages.Length];
                for (var i = 0; i < messages.Length; i++)
                {
                    messages[i].CopyTo(slots, i * Blake2bKeyed.MaxLaneMessageLength);
                    lengths[i] = messages[i].Length;
                }

                var lanes = new byte[messages.Length * Blake2bKeyed.OutputSize];
                Blake2bKeyed.ComputeLanes(laneKeys, slots, lengths, lanes);
                for (var i = 0; i < messages.Length; i++)
                {
                    var alone = new byte[Blake2bKeyed.OutputSize];
                    laneKeys[i].Compute(messages[i], alone);
                    Assert.Equal(alone, lanes.AsSpan(i * Blake2bKeyed.OutputSize, Blake2bKeyed.OutputSize).ToArray());
                }

                foreach (var hash in hashes)
                {
                    hash.Dispose();
                }
            }, iter: 5_000);

    [Fact]
    public void Lanes_are_accelerated_on_processors_with_AVX_512() =>
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx512F.IsSupported, Blake2bKeyed.LanesAccelerated);

    [Theory]
    [InlineData(0, 16)]
    [InlineData(9, 16)]
    [InlineData(2, 0)]
    [InlineData(2, 129)]
    public void Counts_and_lengths_outside_one_block_are_refused(int count, int length)
    {
        using var hash = new Blake2bKeyed(new byte[32]);
        var lengths = Enumerable.Repeat(length, count).ToArray();
        var keys = Enumerable.Repeat(hash, count).ToArray();
        Assert.ThrowsAny<ArgumentException>(() => Blake2bKeyed.ComputeLanes(keys, new byte[8 * 128], lengths, new byte[16 * Math.Max(count, 1)]));
    }
}
