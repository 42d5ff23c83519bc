using System.Numerics;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// The hot case of <see cref="IpPseudonymizationMode.Truncate"/>: a plain IPv4 dotted quad in, a truncated dotted quad
/// out, through a 32-bit integer and a digit table. It accepts exactly what <see cref="IpAddressParser.TryParseIPv4"/>
/// accepts and nothing more; any other text returns false and takes the general path, which also reports errors.
/// The same code reads and writes UTF-16 (<see cref="char"/>) and UTF-8 (<see cref="byte"/>) text.
/// </summary>
internal static class Ipv4TruncateFastPath
{
    private static readonly char[] Digits = BuildDigits();

    /// <summary>Parses, masks with <paramref name="mask"/> and writes; false when the text is not a plain dotted quad.</summary>
    public static bool TryTruncate<TChar>(ReadOnlySpan<TChar> text, uint mask, Span<TChar> destination, out int charsWritten)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        charsWritten = 0;
        if (destination.Length < IpAddressFormatter.MaxIPv4Length || !TryParse(text, out var address))
        {
            return false;
        }

        address &= mask;
        var written = WriteOctet(address >> 24, destination);
        destination[written++] = TChar.CreateTruncating('.');
        written += WriteOctet((address >> 16) & 0xff, destination[written..]);
        destination[written++] = TChar.CreateTruncating('.');
        written += WriteOctet((address >> 8) & 0xff, destination[written..]);
        destination[written++] = TChar.CreateTruncating('.');
        written += WriteOctet(address & 0xff, destination[written..]);
        charsWritten = written;
        return true;
    }

    /// <summary>The mask keeping the first <paramref name="prefixLength"/> bits (0 to 32).</summary>
    public static uint Mask(int prefixLength) => prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);

    private static bool TryParse<TChar>(ReadOnlySpan<TChar> text, out uint address)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        address = 0;
        var i = 0;
        for (var part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if ((uint)i >= (uint)text.Length || uint.CreateTruncating(text[i]) != '.')
                {
                    return false;
                }

                i++;
            }

            if ((uint)i >= (uint)text.Length)
            {
                return false;
            }

            var octet = uint.CreateTruncating(text[i]) - '0';
            if (octet > 9)
            {
                return false;
            }

            i++;
            if (octet != 0)
            {
                // A leading zero ends the part (the next character must then be '.'), so "01" is refused.
                for (var k = 0; k < 2 && (uint)i < (uint)text.Length; k++)
                {
                    var digit = uint.CreateTruncating(text[i]) - '0';
                    if (digit > 9)
                    {
                        break;
                    }

                    octet = (octet * 10) + digit;
                    i++;
                }

                if (octet > 255)
                {
                    return false;
                }
            }

            address = (address << 8) | octet;
        }

        return i == text.Length;
    }

    private static int WriteOctet<TChar>(uint octet, Span<TChar> destination)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        var offset = (int)octet * 4;
        var length = Digits[offset];
        destination[0] = TChar.CreateTruncating(Digits[offset + 1]);
        if (length > 1)
        {
            destination[1] = TChar.CreateTruncating(Digits[offset + 2]);
            if (length > 2)
            {
                destination[2] = TChar.CreateTruncating(Digits[offset + 3]);
            }
        }

        return length;
    }

    private static char[] BuildDigits()
    {
        // Per octet: its length as a char, then up to three digits.
        var table = new char[256 * 4];
        for (var octet = 0; octet < 256; octet++)
        {
            var text = octet.ToString(System.Globalization.CultureInfo.InvariantCulture);
            table[octet * 4] = (char)text.Length;
            text.CopyTo(table.AsSpan((octet * 4) + 1));
        }

        return table;
    }
}
