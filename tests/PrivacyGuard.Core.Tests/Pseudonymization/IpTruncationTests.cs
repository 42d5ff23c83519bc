using System.Net;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

public class IpTruncationTests
{
    [Theory]
    [InlineData("203.0.113.7", 24, "203.0.113.0")]
    [InlineData("203.0.113.7", 16, "203.0.0.0")]
    [InlineData("203.0.113.7", 0, "0.0.0.0")]
    [InlineData("203.0.113.7", 32, "203.0.113.7")]
    [InlineData("203.0.113.200", 25, "203.0.113.128")]
    [InlineData("203.0.113.7:8080", 24, "203.0.113.0")]
    [InlineData("::ffff:203.0.113.7", 24, "203.0.113.0")]
    public void Ipv4_keeps_only_the_prefix(string input, int prefix, string expected)
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.Truncate, ipv4Prefix: prefix);
        Assert.Equal(expected, pseudonymizer.Pseudonymize(input));
    }

    [Theory]
    [InlineData("2001:db8:abcd:12:3456::1", 48, "2001:db8:abcd::")]
    [InlineData("2001:db8:abcd:12:3456::1", 64, "2001:db8:abcd:12::")]
    [InlineData("2001:db8:abcd:f012::1", 52, "2001:db8:abcd:f000::")]
    [InlineData("2001:db8:abcd:12:3456::1", 0, "::")]
    [InlineData("2001:db8:abcd:12:3456::1", 128, "2001:db8:abcd:12:3456::1")]
    [InlineData("[2001:db8:abcd:12::1]:443", 48, "2001:db8:abcd::")]
    [InlineData("fe80::1:2:3:4%eth0", 64, "fe80::")]
    public void Ipv6_keeps_only_the_prefix(string input, int prefix, string expected)
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.Truncate, ipv6Prefix: prefix);
        Assert.Equal(expected, pseudonymizer.Pseudonymize(input));
    }

    [Fact]
    public void Default_options_truncate_to_24_and_48_bits()
    {
        using var pseudonymizer = new IpAddressPseudonymizer("ka", IpTestPseudonymizers.Key(1), IpTestPseudonymizers.Key(2), new IpPseudonymizerOptions());
        Assert.Equal(IpPseudonymizationMode.Truncate, pseudonymizer.Mode);
        Assert.Equal("203.0.113.0", pseudonymizer.Pseudonymize("203.0.113.7"));
        Assert.Equal("2001:db8:abcd::", pseudonymizer.Pseudonymize("2001:db8:abcd:12::1"));
    }

    [Fact]
    public void Ip_address_objects_are_truncated_and_keep_their_family()
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.Truncate);
        Assert.Equal(IPAddress.Parse("203.0.113.0"), pseudonymizer.Pseudonymize(IPAddress.Parse("203.0.113.7")));
        Assert.Equal(IPAddress.Parse("203.0.113.0"), pseudonymizer.Pseudonymize(IPAddress.Parse("::ffff:203.0.113.7")));
        Assert.Equal(IPAddress.Parse("2001:db8:abcd::"), pseudonymizer.Pseudonymize(IPAddress.Parse("2001:db8:abcd:12::1")));
    }

    [Theory]
    [InlineData(33, 48, "PrivacyGuard:IpAddresses:IPv4PrefixLength must be between 0 and 32")]
    [InlineData(-1, 48, "PrivacyGuard:IpAddresses:IPv4PrefixLength must be between 0 and 32")]
    [InlineData(24, 129, "PrivacyGuard:IpAddresses:IPv6PrefixLength must be between 0 and 128")]
    [InlineData(24, -1, "PrivacyGuard:IpAddresses:IPv6PrefixLength must be between 0 and 128")]
    public void Out_of_range_prefix_lengths_are_refused_naming_the_setting(int ipv4, int ipv6, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => IpTestPseudonymizers.Create(IpPseudonymizationMode.Truncate, ipv4, ipv6));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_modes_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => IpTestPseudonymizers.Create((IpPseudonymizationMode)42));
        Assert.Contains("PrivacyGuard:IpAddresses:Mode", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, 32)]
    [InlineData(32, 31)]
    [InlineData(0, 32)]
    public void Keys_must_be_32_bytes(int tokenKeyLength, int prefixKeyLength) =>
        Assert.Throws<ArgumentException>(() =>
            new IpAddressPseudonymizer("ka", new byte[tokenKeyLength], new byte[prefixKeyLength], new IpPseudonymizerOptions()));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("much-too-long-key-id")]
    public void Key_ids_must_be_valid(string keyId) =>
        Assert.Throws<ArgumentException>(() => new IpAddressPseudonymizer(keyId, new byte[32], new byte[32], new IpPseudonymizerOptions()));

    [Fact]
    public void To_string_does_not_expose_keys()
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.PrefixPreserving);
        var text = pseudonymizer.ToString();
        Assert.Contains("hidden", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(IpTestPseudonymizers.Key(101)), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(IpTestPseudonymizers.Key(101)), text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_destination_too_small_returns_false()
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.Truncate);
        Assert.False(pseudonymizer.TryPseudonymize("203.0.113.7".AsSpan(), new char[10], out var written));
        Assert.Equal(0, written);
        Assert.True(pseudonymizer.TryPseudonymize("203.0.113.7".AsSpan(), new char[11], out written));
        Assert.Equal(11, written);
        Assert.False(pseudonymizer.TryPseudonymizeBytes([203, 0, 113, 7], new byte[3], out _));
    }

    [Fact]
    public void Disposed_pseudonymizers_refuse_work()
    {
        var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.PrefixPreserving);
        pseudonymizer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pseudonymizer.Pseudonymize("203.0.113.7"));
    }
}
