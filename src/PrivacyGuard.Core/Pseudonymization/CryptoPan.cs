using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// Crypto-PAn prefix-preserving address anonymization (Xu, Fan, Ammar, Moon, 2002): two addresses that share
/// exactly k leading bits map to addresses that share exactly k leading bits, and the mapping is a bijection.
/// </summary>
/// <remarks>
/// <para>
/// The 32-byte key splits into an AES-128 key (bytes 0-15) and a pad seed (bytes 16-31), which is encrypted
/// once to form the pad. For output bit i the cipher input is the first i bits of the original address
/// followed by the pad's remaining bits, all within one 16-byte block; the output bit is the original bit
/// XOR the most significant bit of the AES output. An IPv4 address is the top 32 bits of that block with the
/// pad below, exactly as the reference implementation builds it, so its sample outputs are reproduced. IPv6
/// uses the same construction over 128 bits.
/// </para>
/// <para>
/// Approach: no prefix-tree cache. The 32 (IPv4) or 128 (IPv6) cipher inputs depend only on the original
/// and the pad, not on each other, so all of them are built first (a masked blend per bit) and encrypted in
/// one batch by <see cref="Aes128Blocks"/>, eight interleaved blocks at a time with AES-NI.
/// </para>
/// </remarks>
[SkipLocalsInit]
internal sealed class CryptoPan : IDisposable
{
    /// <summary>Size of the key in bytes: the AES key, then the pad seed.</summary>
    public const int KeySize = 32;

    private readonly Aes128Blocks _aes;
    private Vector128<byte> _pad;

    /// <summary>Creates the permutation; <paramref name="forcePortableAes"/> is for tests of the fallback path.</summary>
    public CryptoPan(ReadOnlySpan<byte> key, bool forcePortableAes = false)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"Crypto-PAn needs a {KeySize}-byte key.", nameof(key));
        }

        _aes = new Aes128Blocks(key[..Aes128Blocks.KeySize], forcePortableAes);
        Span<byte> pad = stackalloc byte[Aes128Blocks.BlockSize];
        _aes.EncryptBlocks(key[Aes128Blocks.KeySize..], pad);
        _pad = Vector128.Create((ReadOnlySpan<byte>)pad);
        pad.Clear();
    }

    /// <summary>True when the AES-NI path is in use.</summary>
    public bool UsesAesNi => _aes.UsesAesNi;

    /// <summary>
    /// Anonymizes the first <paramref name="bitCount"/> bits (32 or 128) of the 16-byte
    /// <paramref name="address"/> in place; the bits below are left as they are.
    /// </summary>
    public void Anonymize(Span<byte> address, int bitCount)
    {
        if (address.Length < 16 || bitCount is < 1 or > 128)
        {
            throw new ArgumentOutOfRangeException(nameof(bitCount), "Crypto-PAn works on 1 to 128 bits of a 16-byte block.");
        }

        var byteCount = bitCount * Aes128Blocks.BlockSize;
        Span<byte> inputs = stackalloc byte[byteCount];
        Span<byte> outputs = stackalloc byte[byteCount];

        var diff = Vector128.Create((ReadOnlySpan<byte>)address[..16]) ^ _pad;
        ref var masks = ref MemoryMarshal.GetReference(IpPrefixMask.All);
        ref var input = ref MemoryMarshal.GetReference(inputs);
        for (var i = 0; i < bitCount; i++)
        {
            var offset = (nuint)(i * Aes128Blocks.BlockSize);
            var block = _pad ^ (diff & Vector128.LoadUnsafe(ref masks, offset));
            block.StoreUnsafe(ref input, offset);
        }

        _aes.EncryptBlocks(inputs, outputs);
        for (var i = 0; i < bitCount; i++)
        {
            address[i >> 3] ^= (byte)((outputs[i * Aes128Blocks.BlockSize] & 0x80) >> (i & 7));
        }
    }

    public void Dispose()
    {
        _pad = default;
        _aes.Dispose();
    }

    public override string ToString() => "CryptoPan(AES-128, key hidden)";
}
