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
internal sealed class Blake2bKeyed : IDisposable
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
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
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

    private static void Compress(Span<ulong> h, ReadOnlySpan<byte> block, ulong counter, bool last)
    {
        Span<ulong> m = stackalloc ulong[16];
        for (var i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        }

        ulong v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
        ulong v8 = 0x6a09e667f3bcc908UL, v9 = 0xbb67ae8584caa73bUL, v10 = 0x3c6ef372fe94f82bUL, v11 = 0xa54ff53a5f1d36f1UL;
        ulong v12 = 0x510e527fade682d1UL ^ counter, v13 = 0x9b05688c2b3e6c1fUL;
        ulong v14 = last ? ~0x1f83d9abfb41bd6bUL : 0x1f83d9abfb41bd6bUL, v15 = 0x5be0cd19137e2179UL;

        ref var mr = ref MemoryMarshal.GetReference(m);
        var sigma = Sigma;
        for (var round = 0; round < 12; round++)
        {
            var s = sigma.Slice(round * 16, 16);
            G(ref v0, ref v4, ref v8, ref v12, Unsafe.Add(ref mr, s[0]), Unsafe.Add(ref mr, s[1]));
            G(ref v1, ref v5, ref v9, ref v13, Unsafe.Add(ref mr, s[2]), Unsafe.Add(ref mr, s[3]));
            G(ref v2, ref v6, ref v10, ref v14, Unsafe.Add(ref mr, s[4]), Unsafe.Add(ref mr, s[5]));
            G(ref v3, ref v7, ref v11, ref v15, Unsafe.Add(ref mr, s[6]), Unsafe.Add(ref mr, s[7]));
            G(ref v0, ref v5, ref v10, ref v15, Unsafe.Add(ref mr, s[8]), Unsafe.Add(ref mr, s[9]));
            G(ref v1, ref v6, ref v11, ref v12, Unsafe.Add(ref mr, s[10]), Unsafe.Add(ref mr, s[11]));
            G(ref v2, ref v7, ref v8, ref v13, Unsafe.Add(ref mr, s[12]), Unsafe.Add(ref mr, s[13]));
            G(ref v3, ref v4, ref v9, ref v14, Unsafe.Add(ref mr, s[14]), Unsafe.Add(ref mr, s[15]));
        }

        h[0] ^= v0 ^ v8;
        h[1] ^= v1 ^ v9;
        h[2] ^= v2 ^ v10;
        h[3] ^= v3 ^ v11;
        h[4] ^= v4 ^ v12;
        h[5] ^= v5 ^ v13;
        h[6] ^= v6 ^ v14;
        h[7] ^= v7 ^ v15;
        m.Clear();
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
