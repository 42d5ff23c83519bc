using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using PrivacyGuard.AspNetCore.Forwarding;

namespace PrivacyGuard.Fuzzing;

/// <summary>
/// Forwarded, X-Forwarded-For and X-Real-IP parsing and the trusted-proxy walk. The input is header text: lines
/// separated by '\n' become repeated header lines. Invariants: nothing throws; hop counts are bounded and consistent; an
/// address node has an address (never IPv4-mapped) and the other kinds have none; an address node's address parses
/// back to itself; X-Forwarded-For counts one hop per non-empty element; the resolved client is the peer or an address
/// one of the headers named, and an untrusted peer is always its own client.
/// </summary>
internal static class ForwardedTarget
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress Stranger = IPAddress.Parse("203.0.113.9");

    private static readonly TrustedProxies Proxies = new(
        [IPAddress.Parse("127.0.0.1"), IPAddress.IPv6Loopback], [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("fd00::/8")]);

    private static readonly ClientAddressResolver[] Resolvers =
    [
        new(Proxies, ForwardedHeaderKinds.Forwarded),
        new(Proxies, ForwardedHeaderKinds.XForwardedFor),
        new(Proxies, ForwardedHeaderKinds.XRealIp),
        new(Proxies, ForwardedHeaderKinds.Forwarded | ForwardedHeaderKinds.XForwardedFor | ForwardedHeaderKinds.XRealIp),
    ];

    public static void Run(ReadOnlySpan<byte> data)
    {
        var lines = Encoding.UTF8.GetString(data).Split('\n');
        try
        {
            var forwarded = default(ForwardedHops);
            var xForwardedFor = default(ForwardedHops);
            var named = new HashSet<IPAddress>();
            var elements = 0;
            foreach (var line in lines)
            {
                ForwardedHeaderParser.ParseForwarded(line, ref forwarded);
                ForwardedHeaderParser.ParseXForwardedFor(line, ref xForwardedFor);
                elements += line.Split(',').Count(e => !e.AsSpan().Trim(" \t").IsEmpty);
                var realIp = default(ForwardedHops);
                ForwardedHeaderParser.ParseXRealIp(line, ref realIp);
                FuzzAssert.Equal(1, realIp.Total, "X-Real-IP is one hop");
                CheckHops(realIp, named);
            }

            CheckHops(forwarded, named);
            CheckHops(xForwardedFor, named);
            FuzzAssert.Equal(elements, xForwardedFor.Total, "X-Forwarded-For has one hop per non-empty element");
            CheckResolvers(lines, named);
        }
        catch (FuzzInvariantException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new FuzzInvariantException("parsing forwarded headers throws nothing", e);
        }
    }

    private static void CheckHops(in ForwardedHops hops, HashSet<IPAddress> named)
    {
        FuzzAssert.True(hops.Count <= ForwardedHops.Capacity && hops.Count <= hops.Total, "hop count is bounded");
        FuzzAssert.Equal(hops.Total > ForwardedHops.Capacity, hops.Truncated, "truncation is reported");
        for (var i = 0; i < hops.Count; i++)
        {
            var node = hops.FromRight(i);
            FuzzAssert.Defined(node.Kind, "node kind is defined");
            FuzzAssert.Equal(node.Kind == ForwardedNodeKind.Address, node.Address is not null, "exactly address nodes carry an address");
            if (node.Address is { } address)
            {
                FuzzAssert.True(!address.IsIPv4MappedToIPv6, "an IPv4-mapped address is stored as IPv4");
                FuzzAssert.Equal(0L, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? address.ScopeId : 0L, "no zone id is kept");
                var text = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
                FuzzAssert.Equal(node, ForwardedHeaderParser.ParseNode(text), "an address node's address parses back to itself");
                _ = named.Add(address);
            }
        }
    }

    private static void CheckResolvers(string[] lines, HashSet<IPAddress> named)
    {
        var headers = new HeaderDictionary
        {
            ["Forwarded"] = lines,
            ["X-Forwarded-For"] = lines,
            ["X-Real-IP"] = lines,
        };
        foreach (var resolver in Resolvers)
        {
            FuzzAssert.Equal(Stranger, resolver.Resolve(Stranger, headers), "an untrusted peer is its own client");
            var client = resolver.Resolve(Proxy, headers);
            FuzzAssert.True(client.Equals(Proxy) || named.Contains(client), "the client is the peer or an address a header named");
        }
    }
}
