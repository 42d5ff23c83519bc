using System.Net;
using PrivacyGuard.AspNetCore.Forwarding;

namespace PrivacyGuard.AspNetCore.Tests.Forwarding;

public class TrustedProxiesTests
{
    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1", true)]
    [InlineData("10.0.0.1", "::ffff:10.0.0.1", true)]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1", true)]
    [InlineData("10.0.0.1", "10.0.0.2", false)]
    [InlineData("2001:db8::1", "2001:db8::1", true)]
    [InlineData("10.0.0.1", "::a00:1", false)]
    public void A_known_proxy_matches_itself_and_its_IPv4_mapped_form(string configured, string peer, bool trusted)
    {
        Assert.True(TrustedProxies.TryParseProxy(configured, out var proxy));
        var proxies = new TrustedProxies([proxy], []);

        Assert.Equal(trusted, proxies.IsTrusted(IPAddress.Parse(peer)));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.200.3.4", true)]
    [InlineData("10.0.0.0/8", "::ffff:10.200.3.4", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.200.3.4", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
    [InlineData("2001:db8::/32", "2001:db9::5", false)]
    public void A_known_network_matches_the_addresses_inside_it(string configured, string peer, bool trusted)
    {
        Assert.True(TrustedProxies.TryParseNetwork(configured, out var network));
        var proxies = new TrustedProxies([], [network]);

        Assert.Equal(trusted, proxies.IsTrusted(IPAddress.Parse(peer)));
    }

    [Theory]
    [InlineData("10.0.0.1/8")]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.0/33")]
    [InlineData("localhost/8")]
    [InlineData("127.1/8")]
    [InlineData("")]
    public void Settings_that_are_not_CIDR_networks_are_refused(string network) =>
        Assert.False(TrustedProxies.TryParseNetwork(network, out _));

    [Theory]
    [InlineData("10.0.0.1:80")]
    [InlineData("[2001:db8::1]")]
    [InlineData("unknown")]
    [InlineData("127.1")]
    [InlineData("proxy.example")]
    public void Settings_that_are_not_plain_addresses_are_refused(string proxy) =>
        Assert.False(TrustedProxies.TryParseProxy(proxy, out _));
}
