using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using AesNi = System.Runtime.Intrinsics.X86.Aes;
using PortableAes = System.Security.Cryptography.Aes;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// AES-128 encryption of many independent 16-byte blocks (ECB over a batch), the primitive under
/// <see cref="CryptoPan"/>. With AES-NI the key is expanded once (<c>AESKEYGENASSIST</c>) and eight blocks are
/// encrypted interleaved, round by round, so the AES unit's pipeline stays full; without it the blocks go to
/// <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/> in one call.
/// </summary>
/// <remarks>Thread-safe: the AES-NI path only reads the round keys; the portable path serializes calls.</remarks>
internal sealed class Aes128Blocks : IDisposable
{
    /// <summary>Size of the key in bytes.</summary>
    public const int KeySize = 16;

    /// <summary>Size of a block in bytes.</summary>
    public const int BlockSize = 16;

    private const int Rounds = 10;
    private const int Lanes = 8;

    private readonly Vector128<byte>[]? _roundKeys;
    private readonly PortableAes? _portable;
    private readonly Lock _portableLock = new();

    /// <summary>Creates the cipher; <paramref name="forcePortable"/> selects the portable path even when AES-NI exists.</summary>
    public Aes128Blocks(ReadOnlySpan<byte> key, bool forcePortable = false)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"AES-128 needs a {KeySize}-byte key.", nameof(key));
        }

        if (AesNi.IsSupported && !forcePortable)
        {
            _roundKeys = ExpandKey(Vector128.Create(key));
        }
        else
        {
            _portable = PortableAes.Create();
            _portable.Key = key.ToArray();
        }
    }

    /// <summary>True when blocks are encrypted with AES-NI instructions.</summary>
    public bool UsesAesNi => _roundKeys is not null;

    /// <summary>Encrypts every 16-byte block of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public void EncryptBlocks(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length % BlockSize != 0 || destination.Length < source.Length)
        {
            throw new ArgumentException("Source must be whole blocks and destination at least as long.", nameof(source));
        }

        if (_roundKeys is not null)
        {
            EncryptNi(_roundKeys, source, destination);
            return;
        }

        lock (_portableLock)
        {
            _portable!.EncryptEcb(source, destination, PaddingMode.None);
        }
    }

    public void Dispose()
    {
        if (_roundKeys is not null)
        {
            Array.Clear(_roundKeys);
        }

        _portable?.Dispose();
    }

    public override string ToString() => $"Aes128Blocks({(UsesAesNi ? "AES-NI" : "portable")}, key hidden)";

    private static void EncryptNi(Vector128<byte>[] roundKeys, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ReadOnlySpan<Vector128<byte>> rk = roundKeys.AsSpan(0, Rounds + 1);
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var length = (nuint)source.Length;
        nuint offset = 0;
        for (; offset + (Lanes * BlockSize) <= length; offset += Lanes * BlockSize)
        {
            var k = rk[0];
            var b0 = Vector128.LoadUnsafe(ref src, offset) ^ k;
            var b1 = Vector128.LoadUnsafe(ref src, offset + 16) ^ k;
            var b2 = Vector128.LoadUnsafe(ref src, offset + 32) ^ k;
            var b3 = Vector128.LoadUnsafe(ref src, offset + 48) ^ k;
            var b4 = Vector128.LoadUnsafe(ref src, offset + 64) ^ k;
            var b5 = Vector128.LoadUnsafe(ref src, offset + 80) ^ k;
            var b6 = Vector128.LoadUnsafe(ref src, offset + 96) ^ k;
            var b7 = Vector128.LoadUnsafe(ref src, offset + 112) ^ k;
            for (var r = 1; r < Rounds; r++)
            {
                k = rk[r];
                b0 = AesNi.Encrypt(b0, k);
                b1 = AesNi.Encrypt(b1, k);
                b2 = AesNi.Encrypt(b2, k);
                b3 = AesNi.Encrypt(b3, k);
                b4 = AesNi.Encrypt(b4, k);
                b5 = AesNi.Encrypt(b5, k);
                b6 = AesNi.Encrypt(b6, k);
                b7 = AesNi.Encrypt(b7, k);
            }

            k = rk[Rounds];
            AesNi.EncryptLast(b0, k).StoreUnsafe(ref dst, offset);
            AesNi.EncryptLast(b1, k).StoreUnsafe(ref dst, offset + 16);
            AesNi.EncryptLast(b2, k).StoreUnsafe(ref dst, offset + 32);
            AesNi.EncryptLast(b3, k).StoreUnsafe(ref dst, offset + 48);
            AesNi.EncryptLast(b4, k).StoreUnsafe(ref dst, offset + 64);
            AesNi.EncryptLast(b5, k).StoreUnsafe(ref dst, offset + 80);
            AesNi.EncryptLast(b6, k).StoreUnsafe(ref dst, offset + 96);
            AesNi.EncryptLast(b7, k).StoreUnsafe(ref dst, offset + 112);
        }

        for (; offset < length; offset += BlockSize)
        {
            var b = Vector128.LoadUnsafe(ref src, offset) ^ rk[0];
            for (var r = 1; r < Rounds; r++)
            {
                b = AesNi.Encrypt(b, rk[r]);
            }

            AesNi.EncryptLast(b, rk[Rounds]).StoreUnsafe(ref dst, offset);
        }
    }

    private static Vector128<byte>[] ExpandKey(Vector128<byte> key)
    {
        // AESKEYGENASSIST takes its round constant as an immediate, so each round is spelled out.
        var rk = new Vector128<byte>[Rounds + 1];
        rk[0] = key;
        rk[1] = NextRoundKey(rk[0], AesNi.KeygenAssist(rk[0], 0x01));
        rk[2] = NextRoundKey(rk[1], AesNi.KeygenAssist(rk[1], 0x02));
        rk[3] = NextRoundKey(rk[2], AesNi.KeygenAssist(rk[2], 0x04));
        rk[4] = NextRoundKey(rk[3], AesNi.KeygenAssist(rk[3], 0x08));
        rk[5] = NextRoundKey(rk[4], AesNi.KeygenAssist(rk[4], 0x10));
        rk[6] = NextRoundKey(rk[5], AesNi.KeygenAssist(rk[5], 0x20));
        rk[7] = NextRoundKey(rk[6], AesNi.KeygenAssist(rk[6], 0x40));
        rk[8] = NextRoundKey(rk[7], AesNi.KeygenAssist(rk[7], 0x80));
        rk[9] = NextRoundKey(rk[8], AesNi.KeygenAssist(rk[8], 0x1B));
        rk[10] = NextRoundKey(rk[9], AesNi.KeygenAssist(rk[9], 0x36));
        return rk;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> NextRoundKey(Vector128<byte> key, Vector128<byte> assist)
    {
        var t = Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ t;
    }
}
