using System.Net;
using Microsoft.AspNetCore.Http;
using PrivacyGuard.AspNetCore.ClientAddress;
using PrivacyGuard.AspNetCore.Forwarding;

namespace PrivacyGuard.AspNetCore.Tests.Forwarding;

public class ClientAddressResolverTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.1");

    [Theory]
    [InlineData("X-Forwarded-For", "198.51.100.9", "198.51.100.9")]
    [InlineData("X-Forwarded-For", "198.51.100.9, 10.2.0.1, 10.3.0.1", "198.51.100.9")]
    [InlineData("X-Forwarded-For", "6.6.6.6, 198.51.100.9, 10.3.0.1", "198.51.100.9")]
    [InlineData("X-Forwarded-For", "10.2.0.1, 10.3.0.1", "10.2.0.1")]
    [InlineData("X-Forwarded-For", "198.51.100.9, garbage", "10.0.0.1")]
    [InlineData("X-Forwarded-For", "198.51.100.9, unknown, 10.3.0.1", "10.3.0.1")]
    [InlineData("Forwarded", "for=198.51.100.9, for=\"[::ffff:10.9.9.9]:1\"", "198.51.100.9")]
    [InlineData("Forwarded", "for=_hidden", "10.0.0.1")]
    [InlineData("X-Real-IP", "198.51.100.9", "198.51.100.9")]
    [InlineData("X-Real-IP", "198.51.100.9, 10.2.0.1", "10.0.0.1")]
    public void From_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client(string header, string value, string expected)
    {
        var resolver = Resolver(["10.0.0.1"], ["10.2.0.0/16", "10.3.0.0/16", "10.9.0.0/16"]);
        var headers = new HeaderDictionary { [header] = value };

        Assert.Equal(IPAddress.Parse(expected), resolver.Resolve(Proxy, headers));
    }

    [Fact]
    public void An_IPv4_mapped_peer_is_trusted_as_its_IPv4_proxy_entry()
    {
        var resolver = Resolver(["10.0.0.1"], []);
        var headers = new HeaderDictionary { ["X-Forwarded-For"] = "198.51.100.9" };

        Assert.Equal(IPAddress.Parse("198.51.100.9"), resolver.Resolve(IPAddress.Parse("::ffff:10.0.0.1"), headers));
    }

    [Fact]
    public void Headers_from_an_untrusted_peer_are_ignored()
    {
        var resolver = Resolver(["10.0.0.1"], []);
        var peer = IPAddress.Parse("203.0.113.50");
        var headers = new HeaderDictionary
        {
            ["X-Forwarded-For"] = "198.51.100.9",
            ["Forwarded"] = "for=198.51.100.9",
            ["X-Real-IP"] = "198.51.100.9",
        };

        Assert.Same(peer, resolver.Resolve(peer, headers));
    }

    [Fact]
    public void Forwarded_wins_over_X_Forwarded_For_and_a_disabled_header_is_not_read()
    {
        var headers = new HeaderDictionary { ["Forwarded"] = "for=198.51.100.1", ["X-Forwarded-For"] = "198.51.100.2" };

        Assert.Equal(IPAddress.Parse("198.51.100.1"), Resolver(["10.0.0.1"], []).Resolve(Proxy, headers));
        Assert.Equal(IPAddress.Parse("198.51.100.2"), Resolver(["10.0.0.1"], [], ForwardedHeaderKinds.XForwardedFor).Resolve(Proxy, headers));
    }

    [Fact]
    public void Repeated_header_lines_are_read_in_order_as_one_list()
    {
        var resolver = Resolver(["10.0.0.1"], ["10.2.0.0/16"]);
        var headers = new HeaderDictionary { ["X-Forwarded-For"] = new Microsoft.Extensions.Primitives.StringValues(["6.6.6.6, 198.51.100.9", "10.2.0.1"]) };

        Assert.Equal(IPAddress.Parse("198.51.100.9"), resolver.Resolve(Proxy, headers));
    }

    [Fact]
    public void A_chain_of_more_trusted_hops_than_are_kept_ends_at_the_left_most_kept_hop()
    {
        var resolver = Resolver(["10.0.0.1"], ["10.2.0.0/16"]);
        var chain = "198.51.100.9, " + string.Join(", ", Enumerable.Range(1, 20).Select(i => $"10.2.0.{i}"));

        Assert.Equal(IPAddress.Parse("10.2.0.5"), resolver.Resolve(Proxy, new HeaderDictionary { ["X-Forwarded-For"] = chain }));
    }

    internal static ClientAddressResolver Resolver(string[] proxies, string[] networks, ForwardedHeaderKinds headers = ForwardedHeaderKinds.All)
    {
        var options = new TrustedProxyOptions { Headers = headers };
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(proxy);
        }

        foreach (var network in networks)
        {
            options.KnownNetworks.Add(network);
        }

        return ClientAddressMiddleware.CreateResolver(options);
    }
}
