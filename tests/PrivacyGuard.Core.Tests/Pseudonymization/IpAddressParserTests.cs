using System.Text;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

public class IpAddressParserTests
{
    public static readonly TheoryData<string, string> AcceptedForms = new()
    {
        { "203.0.113.7", "203.0.113.7" },
        { "0.0.0.0", "0.0.0.0" },
        { "255.255.255.255", "255.255.255.255" },
        { "203.0.113.7:8080", "203.0.113.7" },
        { "203.0.113.7:0", "203.0.113.7" },
        { "203.0.113.7:65535", "203.0.113.7" },
        { "2001:db8::1", "2001:db8::1" },
        { "2001:DB8:0:0:0:0:0:1", "2001:db8::1" },
        { "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1" },
        { "[2001:db8::1]", "2001:db8::1" },
        { "[2001:db8::1]:443", "2001:db8::1" },
        { "fe80::1%eth0", "fe80::1" },
        { "[fe80::1%25eth0]:443", "fe80::1" },
        { "fe80::1%3", "fe80::1" },
        { "::ffff:203.0.113.7", "203.0.113.7" },
        { "::FFFF:cb00:7107", "203.0.113.7" },
        { "[::ffff:203.0.113.7]:80", "203.0.113.7" },
        { "::", "::" },
        { "::1", "::1" },
        { "1::", "1::" },
        { "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8" },
        { "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0" },
        { "1:0:0:2:0:0:0:3", "1:0:0:2::3" },
        { "64:ff9b::192.0.2.33", "64:ff9b::c000:221" },
    };

    public static readonly TheoryData<string> RejectedForms = new()
    {
        "",
        " ",
        "010.0.0.1",
        "1.2.3.04",
        "0x7f.0.0.1",
        "0x7f.1",
        "127.1",
        "127.0.1",
        "0177.0.0.1",
        "2130706433",
        "1.2.3.4.5",
        "256.1.1.1",
        "1.2.3.256",
        "1.2.3",
        "1.2.3.",
        ".1.2.3",
        "1..2.3",
        " 1.2.3.4",
        "1.2.3.4 ",
        "1.2 .3.4",
        "1.2.3.4\t",
        "1.2.3.4\0",
        "1.2.3.4/24",
        "1.2.3.4:",
        "1.2.3.4:65536",
        "1.2.3.4:080",
        "1.2.3.4:http",
        "1.2.3.4%eth0",
        "[1.2.3.4]",
        "[1.2.3.4]:80",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "1::2:3:4:5:6:7:8",
        "1::2::3",
        ":::",
        ":1::",
        "1:",
        "12345::",
        "g::1",
        "2001:db8::1:",
        "::ffff:010.0.0.1",
        "::ffff:1.2.3",
        "::1.2.3.4:5",
        "fe80::1%",
        "fe80::1%eth 0",
        "[2001:db8::1",
        "2001:db8::1]",
        "[2001:db8::1]:",
        "[2001:db8::1]:99999",
        "[2001:db8::1]x",
        "２.３.４.５",
        "١.٢.٣.٤",
        "1.2.3.4\u00a0",
        "\ud800",
        "1.2.3.\ud800",
        new string('1', 4096),
        "1.2.3.4" + new string(' ', 4096),
    };

    [Theory]
    [MemberData(nameof(AcceptedForms))]
    public void Accepted_forms_parse_to_the_canonical_address(string input, string canonical)
    {
        using var identity = IpTestPseudonymizers.Identity();
        Assert.Equal(canonical, identity.Pseudonymize(input));
    }

    [Theory]
    [MemberData(nameof(AcceptedForms))]
    public void Accepted_forms_parse_the_same_from_utf8(string input, string canonical)
    {
        using var identity = IpTestPseudonymizers.Identity();
        var destination = new byte[identity.MaxOutputLength];
        Assert.True(identity.TryPseudonymize(Encoding.UTF8.GetBytes(input), destination, out var written));
        Assert.Equal(canonical, Encoding.UTF8.GetString(destination, 0, written));
    }

    [Theory]
    [MemberData(nameof(RejectedForms))]
    public void Rejected_forms_throw_without_echoing_the_input(string input)
    {
        using var identity = IpTestPseudonymizers.Identity();
        var error = Assert.Throws<PseudonymizationException>(() => identity.Pseudonymize(input));
        if (input.Trim().Length > 0)
        {
            Assert.DoesNotContain(input, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(RejectedForms))]
    public void Rejected_forms_are_rejected_from_utf8_too(string input)
    {
        using var identity = IpTestPseudonymizers.Identity();
        var bytes = Encoding.UTF8.GetBytes(input);
        Assert.Throws<PseudonymizationException>(() => identity.TryPseudonymize(bytes, new byte[64], out _));
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        using var identity = IpTestPseudonymizers.Identity();
        byte[] bytes = [(byte)'1', 0xC0, 0xAE, (byte)'2', (byte)'.', (byte)'3', (byte)'.', (byte)'4'];
        Assert.Throws<PseudonymizationException>(() => identity.TryPseudonymize(bytes, new byte[64], out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(15)]
    [InlineData(17)]
    public void Binary_addresses_other_than_4_or_16_bytes_are_rejected(int length)
    {
        using var identity = IpTestPseudonymizers.Identity();
        Assert.Throws<PseudonymizationException>(() => identity.TryPseudonymizeBytes(new byte[length], new byte[16], out _));
    }

    [Theory]
    [InlineData(IpPseudonymizationMode.Truncate)]
    [InlineData(IpPseudonymizationMode.PrefixPreserving)]
    [InlineData(IpPseudonymizationMode.Token)]
    public void Invalid_input_can_become_the_unspecified_address_instead(IpPseudonymizationMode mode)
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(mode, invalidInput: InvalidIpHandling.Unspecified);
        Assert.Equal("0.0.0.0", pseudonymizer.Pseudonymize("127.1"));
        Assert.True(pseudonymizer.TryPseudonymizeBytes([1, 2, 3], new byte[16], out var written));
        Assert.Equal(4, written);
    }

    [Fact]
    public void The_parser_writes_ipv4_in_the_top_bytes_and_flags_it()
    {
        Span<byte> address = stackalloc byte[16];
        Assert.True(IpAddressParser.TryParse("::ffff:1.2.3.4", address, out var isIPv4));
        Assert.True(isIPv4);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, address.ToArray());
        Assert.True(IpAddressParser.TryParse("::1.2.3.4", address, out isIPv4));
        Assert.False(isIPv4);
    }
}
