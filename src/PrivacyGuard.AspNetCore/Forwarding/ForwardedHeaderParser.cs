using System.Buffers;
using System.Net;

namespace PrivacyGuard.AspNetCore.Forwarding;

/// <summary>
/// A strict parser of <c>Forwarded</c> (RFC 7239), <c>X-Forwarded-For</c> and <c>X-Real-IP</c>. It never throws and
/// allocates only the <see cref="IPAddress"/> of each hop it reads. Each list element becomes one
/// <see cref="ForwardedNode"/>; an element that is not well-formed becomes <see cref="ForwardedNodeKind.Invalid"/> and
/// parsing carries on at the next element, so the hops on its right are still read.
/// </summary>
/// <remarks>
/// Accepted addresses: IPv4 as four decimal parts 0-255 without leading zeros (legacy forms such as <c>127.1</c> or
/// <c>0x7f.0.0.1</c> are invalid), IPv6 (in <c>Forwarded</c> only inside brackets in a quoted string), each with an
/// optional port. Zone ids are invalid. IPv4-mapped IPv6 is mapped to IPv4.
/// </remarks>
internal static partial class ForwardedHeaderParser
{
    /// <summary>Longest node text read (a bracketed IPv6 with a port or obfuscated port fits easily).</summary>
    internal const int MaxNodeLength = 80;

    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Appends one hop per element of a <c>Forwarded</c> field value to <paramref name="hops"/>.</summary>
    public static void ParseForwarded(ReadOnlySpan<char> value, ref ForwardedHops hops)
    {
        var position = 0;
        while (true)
        {
            SkipWhitespace(value, ref position);
            if (position >= value.Length)
            {
                return;
            }

            if (value[position] == ',')
            {
                position++;
                continue;
            }

            if (!TryParseElement(value, ref position, out var node))
            {
                node = ForwardedNode.Invalid;
                SkipToNextElement(value, ref position);
            }

            hops.Add(node);
        }
    }

    /// <summary>Appends one hop per element of an <c>X-Forwarded-For</c> field value to <paramref name="hops"/>.</summary>
    public static void ParseXForwardedFor(ReadOnlySpan<char> value, ref ForwardedHops hops)
    {
        while (!value.IsEmpty)
        {
            var comma = value.IndexOf(',');
            var element = comma < 0 ? value : value[..comma];
            value = comma < 0 ? [] : value[(comma + 1)..];
            element = element.Trim(" \t");
            if (!element.IsEmpty)
            {
                hops.Add(ParseAddress(element));
            }
        }
    }

    /// <summary>Appends the single hop of an <c>X-Real-IP</c> field value to <paramref name="hops"/>.</summary>
    public static void ParseXRealIp(ReadOnlySpan<char> value, ref ForwardedHops hops) => hops.Add(ParseAddress(value.Trim(" \t")));

    private static bool TryParseElement(ReadOnlySpan<char> value, ref int position, out ForwardedNode node)
    {
        node = ForwardedNode.Unknown;
        var sawFor = false;
        Span<char> buffer = stackalloc char[MaxNodeLength];
        while (true)
        {
            var nameLength = value[position..].IndexOfAnyExcept(TokenChars);
            if (nameLength < 0)
            {
                nameLength = value.Length - position;
            }

            if (nameLength == 0 || position + nameLength >= value.Length || value[position + nameLength] != '=')
            {
                return false;
            }

            var isFor = value.Slice(position, nameLength).Equals("for", StringComparison.OrdinalIgnoreCase);
            position += nameLength + 1;
            if (isFor && sawFor)
            {
                return false;
            }

            if (!TryReadValue(value, ref position, isFor ? buffer : [], out var written, out var tooLong))
            {
                return false;
            }

            if (isFor)
            {
                sawFor = true;
                node = tooLong ? ForwardedNode.Invalid : ParseNode(buffer[..written]);
            }

            SkipWhitespace(value, ref position);
            if (position >= value.Length || value[position] == ',')
            {
                return true;
            }

            if (value[position] != ';')
            {
                return false;
            }

            while (position < value.Length && (value[position] is ';' or ' ' or '\t'))
            {
                position++;
            }

            if (position >= value.Length || value[position] == ',')
            {
                return true;
            }
        }
    }

    /// <summary>Reads a token or quoted-string value; a quoted one is unescaped into <paramref name="destination"/>.</summary>
    private static bool TryReadValue(ReadOnlySpan<char> value, ref int position, Span<char> destination, out int written, out bool tooLong)
    {
        written = 0;
        tooLong = false;
        if (position >= value.Length)
        {
            return false;
        }

        if (value[position] != '"')
        {
            var length = value[position..].IndexOfAnyExcept(TokenChars);
            if (length < 0)
            {
                length = value.Length - position;
            }

            if (length == 0)
            {
                return false;
            }

            Append(value.Slice(position, length), destination, ref written, ref tooLong);
            position += length;
            return true;
        }

        position++;
        while (position < value.Length)
        {
            var c = value[position++];
            if (c == '"')
            {
                return true;
            }

            if (c == '\\')
            {
                if (position >= value.Length || !IsQuotedPairChar(value[position]))
                {
                    return false;
                }

                c = value[position++];
            }
            else if (!IsQuotedTextChar(c))
            {
                return false;
            }

            Append(new ReadOnlySpan<char>(in c), destination, ref written, ref tooLong);
        }

        return false;
    }

    private static void Append(ReadOnlySpan<char> source, Span<char> destination, ref int written, ref bool tooLong)
    {
        if (destination.IsEmpty || tooLong)
        {
            return;
        }

        if (written + source.Length > destination.Length)
        {
            tooLong = true;
            return;
        }

        source.CopyTo(destination[written..]);
        written += source.Length;
    }

    /// <summary>Skips the rest of a malformed element: up to the next comma outside a quoted string, or the end.</summary>
    private static void SkipToNextElement(ReadOnlySpan<char> value, ref int position)
    {
        var quoted = false;
        while (position < value.Length)
        {
            var c = value[position++];
            if (quoted && c == '\\')
            {
                position++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                return;
            }
        }

        position = value.Length;
    }

    private static void SkipWhitespace(ReadOnlySpan<char> value, ref int position)
    {
        while (position < value.Length && (value[position] == ' ' || value[position] == '\t'))
        {
            position++;
        }
    }

    private static bool IsQuotedTextChar(char c) => c is '\t' or ' ' or '!' or (>= '#' and <= '[') or (>= ']' and <= '~');

    private static bool IsQuotedPairChar(char c) => c is '\t' or (>= ' ' and <= '~');
}
