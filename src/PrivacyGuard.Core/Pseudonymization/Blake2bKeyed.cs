using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// Keyed BLAKE2b (RFC 7693) with a 32-byte key and a 16-byte output, byte-for-byte the function libsodium computes for
/// <c>crypto_generichash_blake2b(out, 16, in, inlen, key, 32)</c>, with one difference in cost: keyed BLAKE2b always
/// compresses the padded key as its first block, and that block never depends on the message, so the state after it is
/// computed once per key. A message of up to 128 bytes (every e-mail address, every IP address) then costs one compression
/// instead of two. Tests pin it to libsodium (through NSec) on random keys and messages and to Python's hashlib.
/// </summary>
/// <remarks>Thread-safe: the precomputed state is read-only; each call works on its own stack copy.</remarks>
[SkipLocalsInit]
internal sealed partial class Blake2bKeyed : IDisposable
{
    public const int KeySize = 32;
    public const int OutputSize = 16;
    private const int BlockSize = 128;

    private readonly ulong[] _keyedState = GC.AllocateArray<ulong>(8, pinned: true);
    private readonly byte[] _emptyOutput = GC.AllocateArray<byte>(OutputSize, pinned: true);

    public Blake2bKeyed(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"Keyed BLAKE2b here takes a {KeySize}-byte key.", nameof(key));
        }

        Span<ulong> h = stackalloc ulong[8];
        InitialState.CopyTo(h);
        h[0] ^= 0x01010000UL ^ ((ulong)KeySize << 8) ^ OutputSize;
        Span<byte> block = stackalloc byte[BlockSize];
        block.Clear();
        key.CopyTo(block);

        // The empty message is the one case where the key block is also the last block.
        Span<ulong> empty = stackalloc ulong[8];
        h.CopyTo(empty);
        Compress(empty, block, BlockSize, last: true);
        WriteOutput(empty, _emptyOutput);

        Compress(h, block, BlockSize, last: false);
        h.CopyTo(_keyedState);
        CryptographicOperations.ZeroMemory(block);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(h));
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(empty));
    }

    private static ReadOnlySpan<ulong> InitialState =>
    [
        0x6a09e667f3bcc908UL, 0xbb67ae8584caa73bUL, 0x3c6ef372fe94f82bUL, 0xa54ff53a5f1d36f1UL,
        0x510e527fade682d1UL, 0x9b05688c2b3e6c1fUL, 0x1f83d9abfb41bd6bUL, 0x5be0cd19137e2179UL,
    ];

    /// <summary>Writes the 16-byte keyed hash of <paramref name="data"/> to <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        destination = destination[..OutputSize];
        if (data.IsEmpty)
        {
            _emptyOutput.CopyTo(destination);
            return;
        }

        Span<ulong> h = stackalloc ulong[8];
        _keyedState.CopyTo(h);
        ulong counter = BlockSize;
        while (data.Length > BlockSize)
        {
            counter += BlockSize;
            Compress(h, data[..BlockSize], counter, last: false);
            data = data[BlockSize..];
        }

        Span<byte> block = stackalloc byte[BlockSize];
        data.CopyTo(block);
        block[data.Length..].Clear();
        Compress(h, block, counter + (ulong)data.Length, last: true);
        WriteOutput(h, destination);
        block.Clear(); // the message's last block, often a whole address
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_keyedState.AsSpan()));
        CryptographicOperations.ZeroMemory(_emptyOutput);
    }

    public override string ToString() => "Blake2bKeyed(256-bit key hidden, 128-bit output)";

    private static void WriteOutput(ReadOnlySpan<ulong> h, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, h[0]);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], h[1]);
    }

    /// <summary>
    /// The compression function F with its twelve rounds written out, so every message word is a local chosen at
    /// compile time rather than looked up through the permutation table on each use.
    /// </summary>
    private static void Compress(Span<ulong> h, ReadOnlySpan<byte> block, ulong counter, bool last)
    {
        block = block[..BlockSize];
        var m0 = BinaryPrimitives.ReadUInt64LittleEndian(block[0..]);
        var m1 = BinaryPrimitives.ReadUInt64LittleEndian(block[8..]);
        var m2 = BinaryPrimitives.ReadUInt64LittleEndian(block[16..]);
        var m3 = BinaryPrimitives.ReadUInt64LittleEndian(block[24..]);
        var m4 = BinaryPrimitives.ReadUInt64LittleEndian(block[32..]);
        var m5 = BinaryPrimitives.ReadUInt64LittleEndian(block[40..]);
        var m6 = BinaryPrimitives.ReadUInt64LittleEndian(block[48..]);
        var m7 = BinaryPrimitives.ReadUInt64LittleEndian(block[56..]);
        var m8 = BinaryPrimitives.ReadUInt64LittleEndian(block[64..]);
        var m9 = BinaryPrimitives.ReadUInt64LittleEndian(block[72..]);
        var m10 = BinaryPrimitives.ReadUInt64LittleEndian(block[80..]);
        var m11 = BinaryPrimitives.ReadUInt64LittleEndian(block[88..]);
        var m12 = BinaryPrimitives.ReadUInt64LittleEndian(block[96..]);
        var m13 = BinaryPrimitives.ReadUInt64LittleEndian(block[104..]);
        var m14 = BinaryPrimitives.ReadUInt64LittleEndian(block[112..]);
        var m15 = BinaryPrimitives.ReadUInt64LittleEndian(block[120..]);

        ulong v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
        ulong v8 = 0x6a09e667f3bcc908UL, v9 = 0xbb67ae8584caa73bUL, v10 = 0x3c6ef372fe94f82bUL, v11 = 0xa54ff53a5f1d36f1UL;
        ulong v12 = 0x510e527fade682d1UL ^ counter, v13 = 0x9b05688c2b3e6c1fUL;
        ulong v14 = last ? ~0x1f83d9abfb41bd6bUL : 0x1f83d9abfb41bd6bUL, v15 = 0x5be0cd19137e2179UL;

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

        h[0] ^= v0 ^ v8;
        h[1] ^= v1 ^ v9;
        h[2] ^= v2 ^ v10;
        h[3] ^= v3 ^ v11;
        h[4] ^= v4 ^ v12;
        h[5] ^= v5 ^ v13;
        h[6] ^= v6 ^ v14;
        h[7] ^= v7 ^ v15;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref ulong a, ref ulong b, ref ulong c, ref ulong d, ulong x, ulong y)
    {
        a += b + x;
        d = BitOperations.RotateRight(d ^ a, 32);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 24);
        a += b + y;
        d = BitOperations.RotateRight(d ^ a, 16);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 63);
    }
}
