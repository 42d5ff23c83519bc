using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace PrivacyGuard.AspNetCore.Forwarding;

/// <summary>The node grammar: IPv4, bracketed or bare IPv6, ports, <c>unknown</c> and obfuscated identifiers.</summary>
internal static partial class ForwardedHeaderParser
{
    private static readonly SearchValues<char> ObfuscatedChars =
        SearchValues.Create("._-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> IPv6Chars = SearchValues.Create(".:0123456789ABCDEFabcdef");

    /// <summary>
    /// One <c>X-Forwarded-For</c> or <c>X-Real-IP</c> element: IPv4, <c>v4:port</c>, IPv6, <c>[v6]</c>,
    /// <c>[v6]:port</c>, <c>unknown</c> or an obfuscated identifier.
    /// </summary>
    public static ForwardedNode ParseAddress(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > MaxNodeLength)
        {
            return ForwardedNode.Invalid;
        }

        var firstColon = text.IndexOf(':');
        if (text[0] != '[' && firstColon >= 0 && text.LastIndexOf(':') != firstColon)
        {
            // Bare IPv6 (two or more colons, no brackets, no port).
            return TryParseIPv6(text, out var v6) ? ForwardedNode.For(v6) : ForwardedNode.Invalid;
        }

        return ParseNode(text);
    }

    /// <summary>
    /// A <c>Forwarded</c> node (RFC 7239 section 6): <c>nodename [":" node-port]</c> where nodename is IPv4,
    /// <c>"[" IPv6 "]"</c>, <c>unknown</c> or an obfuscated identifier (<c>_</c> then letters, digits, <c>. _ -</c>).
    /// </summary>
    public static ForwardedNode ParseNode(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > MaxNodeLength)
        {
            return ForwardedNode.Invalid;
        }

        ReadOnlySpan<char> name;
        ReadOnlySpan<char> rest;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                return ForwardedNode.Invalid;
            }

            name = text[..(close + 1)];
            rest = text[(close + 1)..];
        }
        else
        {
            var colon = text.IndexOf(':');
            name = colon < 0 ? text : text[..colon];
            rest = colon < 0 ? [] : text[colon..];
        }

        if (name.IsEmpty || (!rest.IsEmpty && (rest[0] != ':' || !IsPort(rest[1..]))))
        {
            return ForwardedNode.Invalid;
        }

        if (name.Equals("unknown", StringComparison.OrdinalIgnoreCase))
        {
            return ForwardedNode.Unknown;
        }

        if (IsObfuscated(name))
        {
            return ForwardedNode.Obfuscated;
        }

        if (name[0] == '[')
        {
            return TryParseIPv6(name[1..^1], out var v6) ? ForwardedNode.For(v6) : ForwardedNode.Invalid;
        }

        return TryParseIPv4(name, out var v4) ? ForwardedNode.For(v4) : ForwardedNode.Invalid;
    }

    private static bool IsObfuscated(ReadOnlySpan<char> text) =>
        text.Length >= 2 && text[0] == '_' && !text[1..].ContainsAnyExcept(ObfuscatedChars);

    private static bool IsPort(ReadOnlySpan<char> text)
    {
        if (IsObfuscated(text))
        {
            return true;
        }

        if (text.IsEmpty || text.Length > 5 || text.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var port = 0;
        foreach (var c in text)
        {
            port = (port * 10) + (c - '0');
        }

        return port <= 65535;
    }

    private static bool TryParseIPv4(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        Span<byte> bytes = stackalloc byte[4];
        for (var part = 0; part < 4; part++)
        {
            var end = part < 3 ? text.IndexOf('.') : text.Length;
            if (end <= 0 || end > 3 || text[..end].ContainsAnyExceptInRange('0', '9') || (end > 1 && text[0] == '0'))
            {
                return false;
            }

            var value = 0;
            foreach (var c in text[..end])
            {
                value = (value * 10) + (c - '0');
            }

            if (value > 255)
            {
                return false;
            }

            bytes[part] = (byte)value;
            text = part < 3 ? text[(end + 1)..] : [];
        }

        address = new IPAddress(bytes);
        return true;
    }

    private static bool TryParseIPv6(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.IPv6None;
        if (text.Length < 2 || text.Length > 45 || text.ContainsAnyExcept(IPv6Chars) || !text.Contains(':'))
        {
            return false;
        }

        if (!IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        address = parsed;
        return true;
    }
}
