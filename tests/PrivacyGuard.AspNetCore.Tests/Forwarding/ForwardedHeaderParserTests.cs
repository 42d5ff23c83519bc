using System.Net;
using PrivacyGuard.AspNetCore.Forwarding;

namespace PrivacyGuard.AspNetCore.Tests.Forwarding;

public class ForwardedHeaderParserTests
{
    [Theory]
    [InlineData("for=192.0.2.60", "192.0.2.60")]
    [InlineData("For=192.0.2.60;proto=http;by=203.0.113.43", "192.0.2.60")]
    [InlineData("proto=https; for=192.0.2.60", "192.0.2.60")]
    [InlineData("for=\"192.0.2.60:8080\"", "192.0.2.60")]
    [InlineData("for=\"[2001:db8:cafe::17]\"", "2001:db8:cafe::17")]
    [InlineData("for=\"[2001:db8:cafe::17]:4711\"", "2001:db8:cafe::17")]
    [InlineData("for=\"[::ffff:192.0.2.60]:4711\"", "192.0.2.60")]
    [InlineData("for=\"\\1\\9\\2.0.2.60\"", "192.0.2.60")]
    [InlineData("for=\"_gazonk:_p0rt\"", "obfuscated")]
    [InlineData("for=_hidden", "obfuscated")]
    [InlineData("for=unknown", "unknown")]
    [InlineData("for=UNKNOWN", "unknown")]
    [InlineData("for=\"unknown:80\"", "unknown")]
    [InlineData("proto=https", "unknown")]
    [InlineData("for=192.0.2.60;for=192.0.2.61", "invalid")]
    [InlineData("for=192.0.2.60:80", "invalid")]
    [InlineData("for=[2001:db8::1]", "invalid")]
    [InlineData("for=\"2001:db8::1\"", "invalid")]
    [InlineData("for=\"[2001:db8::1%eth0]\"", "invalid")]
    [InlineData("for=127.1", "invalid")]
    [InlineData("for=010.0.0.1", "invalid")]
    [InlineData("for=256.0.0.1", "invalid")]
    [InlineData("for=\"192.0.2.60:65536\"", "invalid")]
    [InlineData("for=\"unterminated", "invalid")]
    [InlineData("for =192.0.2.60", "invalid")]
    [InlineData("for=192.0.2.60 proto=http", "invalid")]
    [InlineData("for=\"[1.2.3.4]\"", "invalid")]
    [InlineData("for=_", "invalid")]
    [InlineData("for=\":4\"", "invalid")]
    public void Forwarded_elements_parse_strictly(string header, string expected)
    {
        var hops = default(ForwardedHops);
        ForwardedHeaderParser.ParseForwarded(header, ref hops);

        Assert.Equal(1, hops.Count);
        Assert.Equal(expected, Describe(hops.FromRight(0)));
    }

    [Fact]
    public void Forwarded_lists_keep_every_element_and_a_malformed_one_does_not_hide_those_on_its_right()
    {
        var hops = default(ForwardedHops);
        ForwardedHeaderParser.ParseForwarded("for=192.0.2.9 garbage, for=192.0.2.1,, for=\"[2001:db8::2]\";proto=https ,for=_x", ref hops);

        Assert.Equal(["obfuscated", "2001:db8::2", "192.0.2.1", "invalid"], Right(hops));
    }

    [Fact]
    public void An_unterminated_quoted_string_swallows_the_rest_of_the_field_as_one_invalid_hop()
    {
        var hops = default(ForwardedHops);
        ForwardedHeaderParser.ParseForwarded("for=192.0.2.9, for=\"unterminated, for=192.0.2.1", ref hops);

        Assert.Equal(["invalid", "192.0.2.9"], Right(hops));
    }

    [Theory]
    [InlineData("203.0.113.7", new[] { "203.0.113.7" })]
    [InlineData(" 203.0.113.7 , 10.0.0.1", new[] { "10.0.0.1", "203.0.113.7" })]
    [InlineData("203.0.113.7:1234,[2001:db8::1]:443, 2001:db8::2", new[] { "2001:db8::2", "2001:db8::1", "203.0.113.7" })]
    [InlineData("::ffff:203.0.113.7", new[] { "203.0.113.7" })]
    [InlineData("unknown, _proxy", new[] { "obfuscated", "unknown" })]
    [InlineData("evil.example, 203.0.113.7", new[] { "203.0.113.7", "invalid" })]
    [InlineData("203.0.113.7,,", new[] { "203.0.113.7" })]
    [InlineData("0x7f.0.0.1, 127.1, 1.2.3, fe80::1%eth0", new[] { "invalid", "invalid", "invalid", "invalid" })]
    public void X_Forwarded_For_lists_parse_element_by_element(string header, string[] fromRight)
    {
        var hops = default(ForwardedHops);
        ForwardedHeaderParser.ParseXForwardedFor(header, ref hops);

        Assert.Equal(fromRight, Right(hops));
    }

    [Fact]
    public void Only_the_right_most_hops_are_kept_of_a_very_long_list()
    {
        var hops = default(ForwardedHops);
        var header = string.Join(", ", Enumerable.Range(1, 40).Select(i => $"10.0.0.{i}"));
        ForwardedHeaderParser.ParseXForwardedFor(header, ref hops);

        Assert.Equal(40, hops.Total);
        Assert.True(hops.Truncated);
        Assert.Equal(ForwardedHops.Capacity, hops.Count);
        Assert.Equal(IPAddress.Parse("10.0.0.40"), hops.FromRight(0).Address);
        Assert.Equal(IPAddress.Parse("10.0.0.25"), hops.FromRight(ForwardedHops.Capacity - 1).Address);
    }

    internal static string[] Right(in ForwardedHops hops)
    {
        var result = new string[hops.Count];
        for (var i = 0; i < hops.Count; i++)
        {
            result[i] = Describe(hops.FromRight(i));
        }

        return result;
    }

    internal static string Describe(ForwardedNode node) => node.Kind switch
    {
        ForwardedNodeKind.Address => node.Address!.ToString(),
        ForwardedNodeKind.Unknown => "unknown",
        ForwardedNodeKind.Obfuscated => "obfuscated",
        _ => "invalid",
    };
}
