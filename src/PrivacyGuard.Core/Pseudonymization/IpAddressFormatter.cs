namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// Writes addresses in canonical text without allocating: IPv4 as a dotted quad, IPv6 as RFC 5952 lower-case
/// hex with the longest run of two or more zero groups (the first on a tie) written as <c>::</c>. IPv6 output is
/// always pure hex (no embedded dotted quad): IPv4-mapped inputs are handled as IPv4 before they get here.
/// </summary>
internal static class IpAddressFormatter
{
    /// <summary>Longest IPv4 text: <c>255.255.255.255</c>.</summary>
    public const int MaxIPv4Length = 15;

    /// <summary>Longest IPv6 text: eight groups of four hex digits.</summary>
    public const int MaxIPv6Length = 39;

    /// <summary>Writes the 4-byte <paramref name="address"/>; <paramref name="destination"/> holds at least 15 chars.</summary>
    public static int FormatIPv4(ReadOnlySpan<byte> address, Span<char> destination)
    {
        var written = WriteByte(address[0], destination);
        for (var i = 1; i < 4; i++)
        {
            destination[written++] = '.';
            written += WriteByte(address[i], destination[written..]);
        }

        return written;
    }

    /// <summary>Writes the 16-byte <paramref name="address"/>; <paramref name="destination"/> holds at least 39 chars.</summary>
    public static int FormatIPv6(ReadOnlySpan<byte> address, Span<char> destination)
    {
        Span<ushort> words = stackalloc ushort[8];
        for (var i = 0; i < 8; i++)
        {
            words[i] = (ushort)((address[2 * i] << 8) | address[(2 * i) + 1]);
        }

        var (gapStart, gapLength) = LongestZeroRun(words);
        var written = 0;
        for (var i = 0; i < 8; i++)
        {
            if (i == gapStart)
            {
                destination[written++] = ':';
                destination[written++] = ':';
                i += gapLength - 1;
                continue;
            }

            if (i > 0 && i != gapStart + gapLength)
            {
                destination[written++] = ':';
            }

            written += WriteHex(words[i], destination[written..]);
        }

        return written;
    }

    private static (int Start, int Length) LongestZeroRun(ReadOnlySpan<ushort> words)
    {
        int bestStart = -1, bestLength = 0;
        for (var i = 0; i < words.Length;)
        {
            if (words[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < words.Length && words[i] == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                (bestStart, bestLength) = (start, i - start);
            }
        }

        return bestLength >= 2 ? (bestStart, bestLength) : (-1, 0);
    }

    private static int WriteByte(int value, Span<char> destination)
    {
        if (value >= 100)
        {
            var (hundreds, rest) = Math.DivRem(value, 100);
            var (tens, ones) = Math.DivRem(rest, 10);
            destination[2] = (char)('0' + ones);
            destination[1] = (char)('0' + tens);
            destination[0] = (char)('0' + hundreds);
            return 3;
        }

        if (value >= 10)
        {
            var (tens, ones) = Math.DivRem(value, 10);
            destination[1] = (char)('0' + ones);
            destination[0] = (char)('0' + tens);
            return 2;
        }

        destination[0] = (char)('0' + value);
        return 1;
    }

    private static int WriteHex(ushort value, Span<char> destination)
    {
        const string Digits = "0123456789abcdef";
        var digits = value >= 0x1000 ? 4 : value >= 0x100 ? 3 : value >= 0x10 ? 2 : 1;
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[i] = Digits[value & 0xf];
            value >>= 4;
        }

        return digits;
    }
}
