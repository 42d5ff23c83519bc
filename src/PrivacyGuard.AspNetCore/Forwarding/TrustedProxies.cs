using System.Net;

namespace PrivacyGuard.AspNetCore.Forwarding;

/// <summary>
/// The proxies whose forwarding headers are honoured: single addresses and CIDR networks. An IPv4-mapped IPv6 address
/// (<c>::ffff:10.0.0.1</c>), in configuration or on the wire, is compared as its IPv4 form.
/// </summary>
internal sealed class TrustedProxies
{
    private readonly IPNetwork[] _networks;

    public TrustedProxies(IEnumerable<IPAddress> proxies, IEnumerable<IPNetwork> networks)
    {
        _networks =
        [
            .. proxies.Select(p => Normalize(p)).Select(p => new IPNetwork(p, p.GetAddressBytes().Length * 8)),
            .. networks.Select(Normalize),
        ];
    }

    /// <summary>Whether any proxy is configured.</summary>
    public bool IsEmpty => _networks.Length == 0;

    /// <summary>Whether <paramref name="address"/> is a configured proxy or inside a configured network.</summary>
    public bool IsTrusted(IPAddress address)
    {
        address = Normalize(address);
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses a proxy address setting: an IPv4 dotted quad or IPv6, without brackets, port or zone.</summary>
    public static bool TryParseProxy(string? text, out IPAddress address)
    {
        var span = (text ?? string.Empty).AsSpan().Trim();
        var node = ForwardedHeaderParser.ParseAddress(span);
        address = node.Address ?? IPAddress.None;
        return node.Kind == ForwardedNodeKind.Address && !span.Contains('[') && span.Count(':') != 1;
    }

    /// <summary>Parses a network setting in CIDR form (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>) with no host bits set.</summary>
    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        var span = (text ?? string.Empty).AsSpan().Trim();
        var slash = span.IndexOf('/');
        if (slash < 0 || !TryParseProxy(span[..slash].ToString(), out var baseAddress) || !IPNetwork.TryParse(span, out var parsed))
        {
            return false;
        }

        // IPNetwork accepts host bits (10.0.0.1/8); a setting with them is most likely a typo, so it is refused.
        if (!baseAddress.Equals(Normalize(parsed.BaseAddress)))
        {
            return false;
        }

        network = parsed;
        return true;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPNetwork Normalize(IPNetwork network)
    {
        if (!network.BaseAddress.IsIPv4MappedToIPv6)
        {
            return network;
        }

        // ::ffff:10.0.0.0/104 is 10.0.0.0/8.
        return new IPNetwork(network.BaseAddress.MapToIPv4(), Math.Max(0, network.PrefixLength - 96));
    }
}
