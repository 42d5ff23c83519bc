using System.Globalization;
using System.Text;

namespace PrivacyGuard.Json;

/// <summary>Decodes the backslash escapes of a JSON string's content that <see cref="JsonScanner"/> has checked.</summary>
internal static class JsonUnescaper
{
    /// <summary>
    /// Writes the UTF-8 text of <paramref name="raw"/> (a string's content between its quotes, escapes well formed) to
    /// <paramref name="destination"/>, which needs at most <paramref name="raw"/>'s length. False when an escape decodes
    /// to a lone surrogate, which is no text.
    /// </summary>
    public static bool TryUnescape(ReadOnlySpan<byte> raw, Span<byte> destination, out int written)
    {
        written = 0;
        var i = 0;
        while (i < raw.Length)
        {
            var next = raw[i..].IndexOf((byte)'\\');
            if (next < 0)
            {
                raw[i..].CopyTo(destination[written..]);
                written += raw.Length - i;
                return true;
            }

            raw.Slice(i, next).CopyTo(destination[written..]);
            written += next;
            i += next;
            var escape = raw[i + 1];
            if (escape != (byte)'u')
            {
                destination[written++] = escape switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => escape, // " \ /
                };
                i += 2;
                continue;
            }

            int scalar = Hex(raw.Slice(i + 2, 4));
            i += 6;
            if (char.IsLowSurrogate((char)scalar))
            {
                return false;
            }

            if (char.IsHighSurrogate((char)scalar))
            {
                if (i + 6 > raw.Length || raw[i] != (byte)'\\' || raw[i + 1] != (byte)'u')
                {
                    return false;
                }

                var low = Hex(raw.Slice(i + 2, 4));
                if (!char.IsLowSurrogate((char)low))
                {
                    return false;
                }

                scalar = char.ConvertToUtf32((char)scalar, (char)low);
                i += 6;
            }

            written += new Rune(scalar).EncodeToUtf8(destination[written..]);
        }

        return true;
    }

    private static int Hex(ReadOnlySpan<byte> digits) =>
        int.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
