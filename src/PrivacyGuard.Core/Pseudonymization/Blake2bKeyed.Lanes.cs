using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PrivacyGuard.Pseudonymization;

/// <content>
/// Lane hashing: up to <see cref="LaneCount"/> short messages hashed at once, one per 64-bit lane of AVX-512 vectors.
/// One BLAKE2b compression is a long chain of dependent additions, XORs and rotations, so a single message keeps the
/// core waiting on latency; eight independent messages fill that wait and cost about what one does. The result is
/// exactly <see cref="Compute"/>'s for each message (the property tests compare the two).
/// </content>
internal sealed partial class Blake2bKeyed
{
    /// <summary>How many messages <see cref="ComputeLanes"/> hashes at once.</summary>
    public const int LaneCount = 8;

    /// <summary>The longest message lane hashing takes: one block (longer ones go through <see cref="Compute"/>).</summary>
    public const int MaxLaneMessageLength = BlockSize;

    /// <summary>Whether this processor hashes in lanes (AVX-512); when false, <see cref="ComputeLanes"/> hashes one message at a time.</summary>
    public static bool LanesAccelerated => Avx512F.IsSupported;

    /// <summary>
    /// Hashes messages <c>0 .. count-1</c>, message <c>i</c> under <c>keys[i]</c>: it is the first <c>lengths[i]</c>
    /// bytes (1 to <see cref="MaxLaneMessageLength"/>) of the <see cref="MaxLaneMessageLength"/>-byte slot <c>i</c> of
    /// <paramref name="slots"/>, whose remaining bytes must be zero; its <see cref="OutputSize"/>-byte hash goes to slot
    /// <c>i</c> of <paramref name="destinations"/>.
    /// </summary>
    public static void ComputeLanes(ReadOnlySpan<Blake2bKeyed> keys, ReadOnlySpan<byte> slots, ReadOnlySpan<int> lengths, Span<byte> destinations)
    {
        var count = lengths.Length;
        if (count is 0 or > LaneCount || keys.Length != count)
        {
            throw new ArgumentOutOfRangeException(nameof(lengths), $"Lane hashing takes 1 to {LaneCount} messages, each with its key.");
        }

        if (slots.Length < LaneCount * BlockSize || destinations.Length < count * OutputSize)
        {
            throw new ArgumentException("The slots or the destinations are too small.", nameof(slots));
        }

        foreach (var length in lengths)
        {
            if (length is < 1 or > MaxLaneMessageLength)
            {
                throw new ArgumentOutOfRangeException(nameof(lengths), "A lane message is 1 to 128 bytes.");
            }
        }

        if (!Avx512F.IsSupported || count == 1)
        {
            for (var i = 0; i < count; i++)
            {
                keys[i].Compute(slots.Slice(i * BlockSize, lengths[i]), destinations.Slice(i * OutputSize, OutputSize));
            }

            return;
        }

        // Lanes past the count hash their (zero) slot under the first key; their output is not used.
        Span<ulong> counters = stackalloc ulong[LaneCount];
        Span<ulong> states = stackalloc ulong[LaneCount * 8];
        for (var i = 0; i < LaneCount; i++)
        {
            counters[i] = BlockSize + (ulong)(i < count ? lengths[i] : 0);
            var state = keys[i < count ? i : 0]._keyedState;
            for (var word = 0; word < 8; word++)
            {
                states[(word * LaneCount) + i] = state[word];
            }
        }

        Span<ulong> h0 = stackalloc ulong[LaneCount];
        Span<ulong> h1 = stackalloc ulong[LaneCount];
        CompressLanes(MemoryMarshal.Cast<byte, ulong>(slots[..(LaneCount * BlockSize)]), states, counters, h0, h1);
        for (var i = 0; i < count; i++)
        {
            var destination = destinations.Slice(i * OutputSize, OutputSize);
            BinaryPrimitives.WriteUInt64LittleEndian(destination, h0[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], h1[i]);
        }

        states.Clear();
        h0.Clear();
        h1.Clear();
    }

    /// <summary>The last (and only) block of eight messages after the key block; writes the two output words of each.</summary>
    private static void CompressLanes(ReadOnlySpan<ulong> words, ReadOnlySpan<ulong> states, ReadOnlySpan<ulong> counters, Span<ulong> h0, Span<ulong> h1)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Lane hashing reads message words as little-endian.");
        }

        Span<Vector512<ulong>> m = stackalloc Vector512<ulong>[16];
        for (var w = 0; w < 16; w++)
        {
            m[w] = Word(words, w);
        }

        // states holds word w of every lane's keyed state at [w * 8 .. w * 8 + 7].
        var k0 = Vector512.Create(states[..8]);
        var k1 = Vector512.Create(states[8..16]);
        Vector512<ulong> v0 = k0, v1 = k1, v2 = Vector512.Create(states[16..24]), v3 = Vector512.Create(states[24..32]);
        Vector512<ulong> v4 = Vector512.Create(states[32..40]), v5 = Vector512.Create(states[40..48]), v6 = Vector512.Create(states[48..56]), v7 = Vector512.Create(states[56..64]);
        var iv = InitialState;
        Vector512<ulong> v8 = Vector512.Create(iv[0]), v9 = Vector512.Create(iv[1]), v10 = Vector512.Create(iv[2]), v11 = Vector512.Create(iv[3]);
        var v12 = Vector512.Create(iv[4]) ^ Vector512.Create(counters);
        var v13 = Vector512.Create(iv[5]);
        var v14 = Vector512.Create(~iv[6]); // the last block
        var v15 = Vector512.Create(iv[7]);

        for (var round = 0; round < 12; round++)
        {
            var sigma = Sigma.Slice(round % 10 * 16, 16);
            G(ref v0, ref v4, ref v8, ref v12, m[sigma[0]], m[sigma[1]]);
            G(ref v1, ref v5, ref v9, ref v13, m[sigma[2]], m[sigma[3]]);
            G(ref v2, ref v6, ref v10, ref v14, m[sigma[4]], m[sigma[5]]);
            G(ref v3, ref v7, ref v11, ref v15, m[sigma[6]], m[sigma[7]]);
            G(ref v0, ref v5, ref v10, ref v15, m[sigma[8]], m[sigma[9]]);
            G(ref v1, ref v6, ref v11, ref v12, m[sigma[10]], m[sigma[11]]);
            G(ref v2, ref v7, ref v8, ref v13, m[sigma[12]], m[sigma[13]]);
            G(ref v3, ref v4, ref v9, ref v14, m[sigma[14]], m[sigma[15]]);
        }

        m.Clear();

        (k0 ^ v0 ^ v8).CopyTo(h0);
        (k1 ^ v1 ^ v9).CopyTo(h1);
    }

    /// <summary>
    /// BLAKE2b's message schedule: round r takes the message words in the order of row r mod 10. (The one-message
    /// compression has it written out round by round, where it keeps the words in registers.)
    /// </summary>
    private static ReadOnlySpan<byte> Sigma =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ];

    /// <summary>Word <paramref name="w"/> of each of the eight 16-word messages.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Word(ReadOnlySpan<ulong> words, int w) => Vector512.Create(
        words[w], words[16 + w], words[32 + w], words[48 + w], words[64 + w], words[80 + w], words[96 + w], words[112 + w]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref Vector512<ulong> a, ref Vector512<ulong> b, ref Vector512<ulong> c, ref Vector512<ulong> d, Vector512<ulong> x, Vector512<ulong> y)
    {
        a += b + x;
        d = Avx512F.RotateRight(d ^ a, 32);
        c += d;
        b = Avx512F.RotateRight(b ^ c, 24);
        a += b + y;
        d = Avx512F.RotateRight(d ^ a, 16);
        c += d;
        b = Avx512F.RotateRight(b ^ c, 63);
    }
}
