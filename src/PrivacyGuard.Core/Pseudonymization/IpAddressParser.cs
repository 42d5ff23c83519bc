namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// Strict, allocation-free IP address parser. Accepts an IPv4 dotted quad (exactly four decimal parts 0-255,
/// no leading zeros except <c>0</c>), IPv6 (RFC 4291 text forms, an embedded dotted quad only as the last
/// 32 bits), <c>v4:port</c>, <c>[v6]</c> and <c>[v6]:port</c>; an IPv6 zone id (<c>%eth0</c>) is dropped, and an
/// IPv4-mapped IPv6 address is returned as its IPv4 address. Legacy forms that <c>inet_aton</c> and
/// <see cref="System.Net.IPAddress.TryParse(string?, out System.Net.IPAddress?)"/> accept (<c>127.1</c>,
/// <c>0x7f.1</c>, <c>010.0.0.1</c>, <c>2130706433</c>) are rejected because they are read differently by
/// different systems.
/// </summary>
/// <remarks>
/// The address is written to a 16-byte span, most significant byte first. An IPv4 address occupies bytes 0-3
/// and bytes 4-15 are zero, so prefix operations work from the top bit for both families.
/// </remarks>
internal static class IpAddressParser
{
    /// <summary>Longest accepted input, in characters.</summary>
    public const int MaxInputLength = 100;

    private const int MaxZoneLength = 32;

    /// <summary>Parses <paramref name="text"/> into <paramref name="address"/> (16 bytes).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, Span<byte> address, out bool isIPv4)
    {
        isIPv4 = false;
        if (text.IsEmpty || text.Length > MaxInputLength || address.Length < 16)
        {
            return false;
        }

        address[..16].Clear();
        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            var rest = text[(close + 1)..];
            var host = text[1..close];
            if ((!rest.IsEmpty && (rest[0] != ':' || !IsPort(rest[1..]))) || !host.Contains(':'))
            {
                return false;
            }

            return TryParseIPv6WithZone(host, address, out isIPv4);
        }

        var colon = text.IndexOf(':');
        if (colon < 0)
        {
            isIPv4 = true;
            return TryParseIPv4(text, address);
        }

        if (!text[(colon + 1)..].Contains(':'))
        {
            isIPv4 = true;
            return IsPort(text[(colon + 1)..]) && TryParseIPv4(text[..colon], address);
        }

        return TryParseIPv6WithZone(text, address, out isIPv4);
    }

    /// <summary>Parses exactly <c>a.b.c.d</c>, each part 0-255 in decimal without leading zeros.</summary>
    public static bool TryParseIPv4(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var i = 0;
        for (var part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (i >= text.Length || text[i] != '.')
                {
                    return false;
                }

                i++;
            }

            var start = i;
            var value = 0;
            while (i < text.Length && i - start < 4 && char.IsAsciiDigit(text[i]))
            {
                value = (value * 10) + (text[i] - '0');
                i++;
            }

            var length = i - start;
            if (length == 0 || length > 3 || value > 255 || (length > 1 && text[start] == '0'))
            {
                return false;
            }

            destination[part] = (byte)value;
        }

        return i == text.Length;
    }

    private static bool TryParseIPv6WithZone(ReadOnlySpan<char> text, Span<byte> address, out bool isIPv4)
    {
        isIPv4 = false;
        var percent = text.IndexOf('%');
        if (percent >= 0)
        {
            var zone = text[(percent + 1)..];
            if (zone.IsEmpty || zone.Length > MaxZoneLength || !IsZone(zone))
            {
                return false;
            }

            text = text[..percent];
        }

        if (!TryParseIPv6(text, address))
        {
            return false;
        }

        isIPv4 = UnmapIPv4(address);
        return true;
    }

    /// <summary>Reads 4 or 16 address bytes (network order) into the 16-byte <paramref name="address"/>.</summary>
    public static bool TryReadBytes(ReadOnlySpan<byte> bytes, Span<byte> address, out bool isIPv4)
    {
        isIPv4 = false;
        if ((bytes.Length != 4 && bytes.Length != 16) || address.Length < 16)
        {
            return false;
        }

        address[..16].Clear();
        bytes.CopyTo(address);
        isIPv4 = bytes.Length == 4 || UnmapIPv4(address);
        return true;
    }

    /// <summary>Moves an IPv4-mapped address (<c>::ffff:a.b.c.d</c>) to bytes 0-3; false for any other address.</summary>
    private static bool UnmapIPv4(Span<byte> address)
    {
        if (address[..10].ContainsAnyExcept((byte)0) || address[10] != 0xff || address[11] != 0xff)
        {
            return false;
        }

        address[12..16].CopyTo(address);
        address[4..16].Clear();
        return true;
    }

    /// <summary>Parses RFC 4291 text: up to eight groups of 1-4 hex digits, at most one <c>::</c>, an optional dotted quad last.</summary>
    private static bool TryParseIPv6(ReadOnlySpan<char> text, Span<byte> address)
    {
        Span<ushort> words = stackalloc ushort[8];
        var count = 0;
        var gap = -1;
        var i = 0;
        if (text.StartsWith("::"))
        {
            gap = 0;
            i = 2;
        }

        while (i < text.Length)
        {
            if (count == 8)
            {
                return false;
            }

            var start = i;
            var value = 0;
            while (i < text.Length && i - start < 5 && char.IsAsciiHexDigit(text[i]))
            {
                value = (value << 4) | HexValue(text[i]);
                i++;
            }

            if (i < text.Length && text[i] == '.')
            {
                Span<byte> v4 = stackalloc byte[4];
                if (count > 6 || !TryParseIPv4(text[start..], v4))
                {
                    return false;
                }

                words[count++] = (ushort)((v4[0] << 8) | v4[1]);
                words[count++] = (ushort)((v4[2] << 8) | v4[3]);
                break;
            }

            if (i == start || i - start > 4)
            {
                return false;
            }

            words[count++] = (ushort)value;
            if (i == text.Length)
            {
                break;
            }

            if (text[i] != ':' || ++i == text.Length)
            {
                return false;
            }

            if (text[i] == ':')
            {
                if (gap >= 0)
                {
                    return false;
                }

                gap = count;
                i++;
            }
        }

        if (gap < 0 ? count != 8 : count > 7)
        {
            return false;
        }

        var tail = gap < 0 ? 0 : count - gap;
        var head = count - tail;
        for (var w = 0; w < count; w++)
        {
            var slot = w < head ? w : 8 - tail + (w - head);
            address[2 * slot] = (byte)(words[w] >> 8);
            address[(2 * slot) + 1] = (byte)words[w];
        }

        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static bool IsPort(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > 5 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        var value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return value <= ushort.MaxValue;
    }

    private static bool IsZone(ReadOnlySpan<char> zone)
    {
        foreach (var c in zone)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.')
            {
                return false;
            }
        }

        return true;
    }
}
