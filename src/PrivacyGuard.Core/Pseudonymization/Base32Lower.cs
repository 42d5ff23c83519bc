namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// RFC 4648 base32 in lower case without padding. Tokens use it because its alphabet
/// (<c>a-z2-7</c>) is valid in DNS labels, e-mail local parts, URLs and file names, and it is case-insensitive
/// once lower-cased.
/// </summary>
internal static class Base32Lower
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>Number of characters needed to encode <paramref name="byteCount"/> bytes.</summary>
    public static int GetEncodedLength(int byteCount) => ((byteCount * 8) + 4) / 5;

    /// <summary>Encodes <paramref name="source"/> into <paramref name="destination"/>; returns the characters written.</summary>
    public static int Encode(ReadOnlySpan<byte> source, Span<char> destination)
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
