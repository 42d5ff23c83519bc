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

        var m0 = Word(words, 0);
        var m1 = Word(words, 1);
        var m2 = Word(words, 2);
        var m3 = Word(words, 3);
        var m4 = Word(words, 4);
        var m5 = Word(words, 5);
        var m6 = Word(words, 6);
        var m7 = Word(words, 7);
        var m8 = Word(words, 8);
        var m9 = Word(words, 9);
        var m10 = Word(words, 10);
        var m11 = Word(words, 11);
        var m12 = Word(words, 12);
        var m13 = Word(words, 13);
        var m14 = Word(words, 14);
        var m15 = Word(words, 15);

        // states holds word w of every lane's keyed state at [w * 8 .. w * 8 + 7].
        var k0 = Vector512.Create(states[..8]);
        var k1 = Vector512.Create(states[8..16]);
        Vector512<ulong> v0 = k0, v1 = k1, v2 = Vector512.Create(states[16..24]), v3 = Vector512.Create(states[24..32]);
        Vector512<ulong> v4 = Vector512.Create(states[32..40]), v5 = Vector512.Create(states[40..48]), v6 = Vector512.Create(states[48..56]), v7 = Vector512.Create(states[56..64]);
        Vector512<ulong> v8 = Vector512.Create(0x6a09e667f3bcc908UL), v9 = Vector512.Create(0xbb67ae8584caa73bUL);
        Vector512<ulong> v10 = Vector512.Create(0x3c6ef372fe94f82bUL), v11 = Vector512.Create(0xa54ff53a5f1d36f1UL);
        var v12 = Vector512.Create(0x510e527fade682d1UL) ^ Vector512.Create(counters);
        var v13 = Vector512.Create(0x9b05688c2b3e6c1fUL);
        var v14 = Vector512.Create(~0x1f83d9abfb41bd6bUL);
        var v15 = Vector512.Create(0x5be0cd19137e2179UL);

        // Round 0
        G(ref v0, ref v4, ref v8, ref v12, m0, m1);
        G(ref v1, ref v5, ref v9, ref v13, m2, m3);
        G(ref v2, ref v6, ref v10, ref v14, m4, m5);
        G(ref v3, ref v7, ref v11, ref v15, m6, m7);
        G(ref v0, ref v5, ref v10, ref v15, m8, m9);
        G(ref v1, ref v6, ref v11, ref v12, m10, m11);
        G(ref v2, ref v7, ref v8, ref v13, m12, m13);
        G(ref v3, ref v4, ref v9, ref v14, m14, m15);
        // Round 1
        G(ref v0, ref v4, ref v8, ref v12, m14, m10);
        G(ref v1, ref v5, ref v9, ref v13, m4, m8);
        G(ref v2, ref v6, ref v10, ref v14, m9, m15);
        G(ref v3, ref v7, ref v11, ref v15, m13, m6);
        G(ref v0, ref v5, ref v10, ref v15, m1, m12);
        G(ref v1, ref v6, ref v11, ref v12, m0, m2);
        G(ref v2, ref v7, ref v8, ref v13, m11, m7);
        G(ref v3, ref v4, ref v9, ref v14, m5, m3);
        // Round 2
        G(ref v0, ref v4, ref v8, ref v12, m11, m8);
        G(ref v1, ref v5, ref v9, ref v13, m12, m0);
        G(ref v2, ref v6, ref v10, ref v14, m5, m2);
        G(ref v3, ref v7, ref v11, ref v15, m15, m13);
        G(ref v0, ref v5, ref v10, ref v15, m10, m14);
        G(ref v1, ref v6, ref v11, ref v12, m3, m6);
        G(ref v2, ref v7, ref v8, ref v13, m7, m1);
        G(ref v3, ref v4, ref v9, ref v14, m9, m4);
        // Round 3
        G(ref v0, ref v4, ref v8, ref v12, m7, m9);
        G(ref v1, ref v5, ref v9, ref v13, m3, m1);
        G(ref v2, ref v6, ref v10, ref v14, m13, m12);
        G(ref v3, ref v7, ref v11, ref v15, m11, m14);
        G(ref v0, ref v5, ref v10, ref v15, m2, m6);
        G(ref v1, ref v6, ref v11, ref v12, m5, m10);
        G(ref v2, ref v7, ref v8, ref v13, m4, m0);
        G(ref v3, ref v4, ref v9, ref v14, m15, m8);
        // Round 4
        G(ref v0, ref v4, ref v8, ref v12, m9, m0);
        G(ref v1, ref v5, ref v9, ref v13, m5, m7);
        G(ref v2, ref v6, ref v10, ref v14, m2, m4);
        G(ref v3, ref v7, ref v11, ref v15, m10, m15);
        G(ref v0, ref v5, ref v10, ref v15, m14, m1);
        G(ref v1, ref v6, ref v11, ref v12, m11, m12);
        G(ref v2, ref v7, ref v8, ref v13, m6, m8);
        G(ref v3, ref v4, ref v9, ref v14, m3, m13);
        // Round 5
        G(ref v0, ref v4, ref v8, ref v12, m2, m12);
        G(ref v1, ref v5, ref v9, ref v13, m6, m10);
        G(ref v2, ref v6, ref v10, ref v14, m0, m11);
        G(ref v3, ref v7, ref v11, ref v15, m8, m3);
        G(ref v0, ref v5, ref v10, ref v15, m4, m13);
        G(ref v1, ref v6, ref v11, ref v12, m7, m5);
        G(ref v2, ref v7, ref v8, ref v13, m15, m14);
        G(ref v3, ref v4, ref v9, ref v14, m1, m9);
        // Round 6
        G(ref v0, ref v4, ref v8, ref v12, m12, m5);
        G(ref v1, ref v5, ref v9, ref v13, m1, m15);
        G(ref v2, ref v6, ref v10, ref v14, m14, m13);
        G(ref v3, ref v7, ref v11, ref v15, m4, m10);
        G(ref v0, ref v5, ref v10, ref v15, m0, m7);
        G(ref v1, ref v6, ref v11, ref v12, m6, m3);
        G(ref v2, ref v7, ref v8, ref v13, m9, m2);
        G(ref v3, ref v4, ref v9, ref v14, m8, m11);
        // Round 7
        G(ref v0, ref v4, ref v8, ref v12, m13, m11);
        G(ref v1, ref v5, ref v9, ref v13, m7, m14);
        G(ref v2, ref v6, ref v10, ref v14, m12, m1);
        G(ref v3, ref v7, ref v11, ref v15, m3, m9);
        G(ref v0, ref v5, ref v10, ref v15, m5, m0);
        G(ref v1, ref v6, ref v11, ref v12, m15, m4);
        G(ref v2, ref v7, ref v8, ref v13, m8, m6);
        G(ref v3, ref v4, ref v9, ref v14, m2, m10);
        // Round 8
        G(ref v0, ref v4, ref v8, ref v12, m6, m15);
        G(ref v1, ref v5, ref v9, ref v13, m14, m9);
        G(ref v2, ref v6, ref v10, ref v14, m11, m3);
        G(ref v3, ref v7, ref v11, ref v15, m0, m8);
        G(ref v0, ref v5, ref v10, ref v15, m12, m2);
        G(ref v1, ref v6, ref v11, ref v12, m13, m7);
        G(ref v2, ref v7, ref v8, ref v13, m1, m4);
        G(ref v3, ref v4, ref v9, ref v14, m10, m5);
        // Round 9
        G(ref v0, ref v4, ref v8, ref v12, m10, m2);
        G(ref v1, ref v5, ref v9, ref v13, m8, m4);
        G(ref v2, ref v6, ref v10, ref v14, m7, m6);
        G(ref v3, ref v7, ref v11, ref v15, m1, m5);
        G(ref v0, ref v5, ref v10, ref v15, m15, m11);
        G(ref v1, ref v6, ref v11, ref v12, m9, m14);
        G(ref v2, ref v7, ref v8, ref v13, m3, m12);
        G(ref v3, ref v4, ref v9, ref v14, m13, m0);
        // Round 10
        G(ref v0, ref v4, ref v8, ref v12, m0, m1);
        G(ref v1, ref v5, ref v9, ref v13, m2, m3);
        G(ref v2, ref v6, ref v10, ref v14, m4, m5);
        G(ref v3, ref v7, ref v11, ref v15, m6, m7);
        G(ref v0, ref v5, ref v10, ref v15, m8, m9);
        G(ref v1, ref v6, ref v11, ref v12, m10, m11);
        G(ref v2, ref v7, ref v8, ref v13, m12, m13);
        G(ref v3, ref v4, ref v9, ref v14, m14, m15);
        // Round 11
        G(ref v0, ref v4, ref v8, ref v12, m14, m10);
        G(ref v1, ref v5, ref v9, ref v13, m4, m8);
        G(ref v2, ref v6, ref v10, ref v14, m9, m15);
        G(ref v3, ref v7, ref v11, ref v15, m13, m6);
        G(ref v0, ref v5, ref v10, ref v15, m1, m12);
        G(ref v1, ref v6, ref v11, ref v12, m0, m2);
        G(ref v2, ref v7, ref v8, ref v13, m11, m7);
        G(ref v3, ref v4, ref v9, ref v14, m5, m3);

        (k0 ^ v0 ^ v8).CopyTo(h0);
        (k1 ^ v1 ^ v9).CopyTo(h1);
    }

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
