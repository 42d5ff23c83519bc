using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// RFC 4648 base32 in lower case without padding. Tokens use it because its alphabet
/// (<c>a-z2-7</c>) is valid in DNS labels, e-mail local parts, URLs and file names, and it is case-insensitive
/// once lower-cased.
/// </summary>
internal static class Base32Lower
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private static readonly SearchValues<char> AlphabetChars = SearchValues.Create(Alphabet);

    private static readonly SearchValues<byte> AlphabetUtf8 = SearchValues.Create(AlphabetBytes);

    /// <summary>Number of characters needed to encode <paramref name="byteCount"/> bytes.</summary>
    public static int GetEncodedLength(int byteCount) => ((byteCount * 8) + 4) / 5;

    private static ReadOnlySpan<byte> AlphabetBytes => "abcdefghijklmnopqrstuvwxyz234567"u8;

    /// <summary>True when every character of <paramref name="text"/> is in the alphabet.</summary>
    public static bool IsEncoded(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(AlphabetChars);

    /// <summary>True when every byte of <paramref name="utf8"/> is an alphabet character.</summary>
    public static bool IsEncoded(ReadOnlySpan<byte> utf8) => !utf8.ContainsAnyExcept(AlphabetUtf8);

    /// <summary>Encodes <paramref name="source"/> into <paramref name="destination"/>; returns the characters written.</summary>
    public static int Encode(ReadOnlySpan<byte> source, Span<char> destination) =>
        source.Length == 16 && destination.Length >= 26 ? Encode16(source, destination) : EncodeAny(source, destination);

    /// <summary>The token case, 16 bytes to 26 characters: three 40-bit groups, then the last byte.</summary>
    internal static int Encode16(ReadOnlySpan<byte> source, Span<char> destination)
    {
        source = source[..16];
        if (Avx512Vbmi.VL.IsSupported)
        {
            // The characters of the UTF-8 path, widened to UTF-16: 0-15 and, overlapping, 10-25.
            var characters = Characters16Vbmi(source);
            ref var first = ref Unsafe.As<char, short>(ref MemoryMarshal.GetReference(destination[..26]));
            Avx2.ConvertToVector256Int16(characters.GetLower()).StoreUnsafe(ref first);
            Avx2.ConvertToVector256Int16(Ssse3.AlignRight(characters.GetUpper(), characters.GetLower(), 10)).StoreUnsafe(ref first, 10);
            return 26;
        }

        destination = destination[..26];
        var alphabet = AlphabetBytes;
        for (var group = 0; group < 3; group++)
        {
            var bytes = source.Slice(group * 5, 5);
            var bits = ((ulong)bytes[0] << 32) | ((ulong)bytes[1] << 24) | ((ulong)bytes[2] << 16) | ((ulong)bytes[3] << 8) | bytes[4];
            var chars = destination.Slice(group * 8, 8);
            for (var i = 0; i < 8; i++)
            {
                chars[i] = (char)alphabet[(int)(bits >> (35 - (5 * i))) & 31];
            }
        }

        destination[24] = (char)alphabet[source[15] >> 3];
        destination[25] = (char)alphabet[(source[15] & 7) << 2];
        return 26;
    }

    /// <summary>The token case written as ASCII bytes, for UTF-8 output.</summary>
    internal static int Encode16(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source = source[..16];
        if (Avx512Vbmi.VL.IsSupported)
        {
            return Encode16Vbmi(source, destination[..26]);
        }

        destination = destination[..26];
        var alphabet = AlphabetBytes;
        for (var group = 0; group < 3; group++)
        {
            var bytes = source.Slice(group * 5, 5);
            var bits = ((ulong)bytes[0] << 32) | ((ulong)bytes[1] << 24) | ((ulong)bytes[2] << 16) | ((ulong)bytes[3] << 8) | bytes[4];
            var chars = destination.Slice(group * 8, 8);
            for (var i = 0; i < 8; i++)
            {
                chars[i] = alphabet[(int)(bits >> (35 - (5 * i))) & 31];
            }
        }

        destination[24] = alphabet[source[15] >> 3];
        destination[25] = alphabet[(source[15] & 7) << 2];
        return 26;
    }

    /// <summary>
    /// The 26 characters of a 16-byte value (in the first 26 of 32 bytes) in four vector instructions: a byte permutation
    /// puts each 40-bit group in a 64-bit lane (first byte highest) and the last byte in the fourth, a multishift takes the
    /// 5-bit fields out of every lane, and a second permutation looks them up in the alphabet.
    /// </summary>
    private static Vector256<byte> Characters16Vbmi(ReadOnlySpan<byte> source)
    {
        var input = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(source[..16])).ToVector256Unsafe();
        var groups = Avx512Vbmi.VL.PermuteVar32x8(input, Vector256.Create(
            (byte)4, 3, 2, 1, 0, 0, 0, 0,
            9, 8, 7, 6, 5, 0, 0, 0,
            14, 13, 12, 11, 10, 0, 0, 0,
            0, 15, 0, 0, 0, 0, 0, 0));

        // The fourth lane's low byte must be zero: its top two bits are the low bits of the 26th character's field.
        groups &= Vector256.Create(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ~0xFFUL).AsByte();
        var fields = Avx512Vbmi.VL.MultiShift(
            Vector256.Create(
                (byte)35, 30, 25, 20, 15, 10, 5, 0,
                35, 30, 25, 20, 15, 10, 5, 0,
                35, 30, 25, 20, 15, 10, 5, 0,
                11, 6, 0, 0, 0, 0, 0, 0),
            groups.AsUInt64()) & Vector256.Create((byte)31);
        return Avx512Vbmi.VL.PermuteVar32x8(Vector256.Create(AlphabetBytes), fields);
    }

    /// <summary><see cref="Encode16(ReadOnlySpan{byte}, Span{byte})"/> with VBMI: 26 of the 32 characters, stored as 0-15 and, overlapping, 10-25.</summary>
    private static int Encode16Vbmi(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var characters = Characters16Vbmi(source);
        ref var first = ref MemoryMarshal.GetReference(destination[..26]);
        characters.GetLower().StoreUnsafe(ref first);
        Ssse3.AlignRight(characters.GetUpper(), characters.GetLower(), 10).StoreUnsafe(ref first, 10);
        return 26;
    }

    /// <summary>Any length, bit by bit.</summary>
    internal static int EncodeAny(ReadOnlySpan<byte> source, Span<char> destination)
    {
        var length = GetEncodedLength(source.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination too small for base32 output.", nameof(destination));
        }

        var written = 0;
        var buffer = 0;
        var bits = 0;
        foreach (var b in source)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                destination[written++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        if (bits > 0)
        {
            destination[written++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return written;
    }
}
