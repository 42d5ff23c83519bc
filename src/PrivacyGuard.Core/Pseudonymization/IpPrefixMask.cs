using System.Runtime.Intrinsics;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// Network masks as 16 bytes, most significant first: mask n has its first n bits set (n = 0..128). Shared by
/// truncation and by the per-bit cipher inputs of <see cref="CryptoPan"/>.
/// </summary>
internal static class IpPrefixMask
{
    private static readonly byte[] Table = Build();

    /// <summary>All 129 masks, mask n at offset 16·n.</summary>
    public static ReadOnlySpan<byte> All => Table;

    /// <summary>The mask with the first <paramref name="bits"/> bits set.</summary>
    public static ReadOnlySpan<byte> Get(int bits) => Table.AsSpan(bits * 16, 16);

    /// <summary>Zeroes every bit of the 16-byte <paramref name="address"/> after the first <paramref name="bits"/>.</summary>
    public static void Apply(Span<byte> address, int bits)
    {
        var masked = Vector128.Create((ReadOnlySpan<byte>)address) & Vector128.Create(Get(bits));
        masked.CopyTo(address);
    }

    private static byte[] Build()
    {
        var table = new byte[129 * 16];
        for (var bits = 0; bits <= 128; bits++)
        {
            for (var b = 0; b < bits; b++)
            {
                table[(bits * 16) + (b >> 3)] |= (byte)(0x80 >> (b & 7));
            }
        }

        return table;
    }
}
