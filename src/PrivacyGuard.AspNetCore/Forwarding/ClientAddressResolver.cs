using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace PrivacyGuard.AspNetCore.Forwarding;

/// <summary>
/// Decides the client's address from the connection's peer and, only when the peer is a trusted proxy, the forwarding
/// headers: walking the hops from the right while each is a trusted proxy, the first untrusted hop is the client.
/// </summary>
/// <remarks>
/// A hop that is <c>unknown</c>, obfuscated or malformed ends the walk, and the client is then the last trusted proxy
/// (the nearest address known for certain). When every kept hop is trusted, the left-most one is the client.
/// </remarks>
internal sealed class ClientAddressResolver(TrustedProxies proxies, ForwardedHeaderKinds headers)
{
    /// <summary>The headers this resolver reads and always removes from the request.</summary>
    public static readonly string[] HeaderNames = ["Forwarded", "X-Forwarded-For", "X-Real-IP"];

    /// <summary>
    /// Headers in which CDNs, load balancers and proxies pass the client's address on, which this resolver never reads
    /// (a trusted proxy's address comes through <see cref="HeaderNames"/>) but which carry the raw address all the same:
    /// they are removed from every request too, so neither the application nor an upstream sees them.
    /// </summary>
    public static readonly string[] OtherAddressHeaderNames =
    [
        "True-Client-IP", "CF-Connecting-IP", "CF-Connecting-IPv6", "Fastly-Client-IP", "X-Client-IP", "X-Cluster-Client-IP",
        "X-Original-Forwarded-For", "X-Forwarded", "Forwarded-For", "X-Envoy-External-Address", "X-ProxyUser-Ip", "Client-IP",
    ];

    /// <summary>The client's address for a request from <paramref name="peer"/> carrying <paramref name="requestHeaders"/>.</summary>
    public IPAddress Resolve(IPAddress peer, IHeaderDictionary requestHeaders)
    {
        if (proxies.IsEmpty || !proxies.IsTrusted(peer))
        {
            return peer;
        }

        var hops = default(ForwardedHops);
        if (!ReadHops(requestHeaders, ref hops))
        {
            return peer;
        }

        return Walk(peer, in hops);
    }

    /// <summary>Walks <paramref name="hops"/> from the right, starting from the trusted <paramref name="peer"/>.</summary>
    public IPAddress Walk(IPAddress peer, in ForwardedHops hops)
    {
        var client = peer;
        for (var i = 0; i < hops.Count; i++)
        {
            var hop = hops.FromRight(i);
            if (hop.Kind != ForwardedNodeKind.Address)
            {
                return client;
            }

            client = hop.Address!;
            if (!proxies.IsTrusted(client))
            {
                return client;
            }
        }

        return client;
    }

    private bool ReadHops(IHeaderDictionary requestHeaders, ref ForwardedHops hops)
    {
        if ((headers & ForwardedHeaderKinds.Forwarded) != 0 && requestHeaders.TryGetValue(HeaderNames[0], out var forwarded))
        {
            foreach (var line in forwarded)
            {
                ForwardedHeaderParser.ParseForwarded(line, ref hops);
            }

            return true;
        }

        if ((headers & ForwardedHeaderKinds.XForwardedFor) != 0 && requestHeaders.TryGetValue(HeaderNames[1], out var xForwardedFor))
        {
            foreach (var line in xForwardedFor)
            {
                ForwardedHeaderParser.ParseXForwardedFor(line, ref hops);
            }

            return true;
        }

        if ((headers & ForwardedHeaderKinds.XRealIp) != 0 && requestHeaders.TryGetValue(HeaderNames[2], out var xRealIp))
        {
            ParseXRealIp(xRealIp, ref hops);
            return true;
        }

        return false;
    }

    private static void ParseXRealIp(StringValues values, ref ForwardedHops hops)
    {
        if (values.Count != 1)
        {
            hops.Add(ForwardedNode.Invalid);
            return;
        }

        ForwardedHeaderParser.ParseXRealIp(values[0], ref hops);
    }
}
