using System.Buffers;

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
