using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

public class IpAddressPseudonymizerPropertyTests
{
    public static readonly TheoryData<IpPseudonymizationMode> Modes =
        [IpPseudonymizationMode.Truncate, IpPseudonymizationMode.PrefixPreserving, IpPseudonymizationMode.Token];

    private static readonly Gen<IPAddress> GenIPv4 = Gen.Byte.Array[4].Select(b => new IPAddress(b));

    private static readonly Gen<IPAddress> GenIPv6 = Gen.Select(Gen.Byte.Array[16], Gen.Byte).Select((b, zeros) =>
    {
        // Zero some groups so that '::' compression is exercised; keep the first group non-zero (not mapped).
        for (var group = 1; group < 8; group++)
        {
            if ((zeros & (1 << (group - 1))) != 0)
            {
                b[2 * group] = 0;
                b[(2 * group) + 1] = 0;
            }
        }

        b[0] |= 0x20;
        return new IPAddress(b);
    });

    private static readonly Gen<IPAddress> GenAddress = Gen.OneOf(GenIPv4, GenIPv6);

    [Theory]
    [MemberData(nameof(Modes))]
    public void The_same_input_always_gives_the_same_output(IpPseudonymizationMode mode)
    {
        using var first = IpTestPseudonymizers.Create(mode);
        using var second = IpTestPseudonymizers.Create(mode);
        GenAddress.Sample(a =>
        {
            var text = a.ToString();
            Assert.Equal(first.Pseudonymize(text), first.Pseudonymize(text));
            Assert.Equal(first.Pseudonymize(text), second.Pseudonymize(text));
        }, iter: 10_000);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Mapped_and_plain_ipv4_agree(IpPseudonymizationMode mode)
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(mode);
        GenIPv4.Sample(a =>
        {
            var plain = pseudonymizer.Pseudonymize(a.ToString());
            Assert.Equal(plain, pseudonymizer.Pseudonymize("::ffff:" + a));
            Assert.Equal(plain, pseudonymizer.Pseudonymize("[::ffff:" + a + "]:443"));
            Assert.Equal(plain, pseudonymizer.Pseudonymize(a + ":8080"));
            Assert.Equal(pseudonymizer.Pseudonymize(a), pseudonymizer.Pseudonymize(a.MapToIPv6()));
        }, iter: 10_000);
    }

    /// <remarks>CsCheck samples on several threads, so this also exercises one shared instance concurrently.</remarks>
    [Theory]
    [MemberData(nameof(Modes))]
    public void String_utf8_and_ip_address_overloads_agree(IpPseudonymizationMode mode)
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(mode);
        GenAddress.Sample(a =>
        {
            var utf8 = new byte[pseudonymizer.MaxOutputLength];
            var text = a.ToString();
            var result = pseudonymizer.Pseudonymize(text);
            Assert.True(result.Length <= pseudonymizer.MaxOutputLength);
            Assert.True(pseudonymizer.TryPseudonymize(Encoding.UTF8.GetBytes(text), utf8, out var written));
            Assert.Equal(result, Encoding.UTF8.GetString(utf8, 0, written));
            var address = pseudonymizer.Pseudonymize(a);
            if (mode == IpPseudonymizationMode.Token)
            {
                Assert.Equal(0xfd, address.GetAddressBytes()[0]);
                Assert.Equal(address, pseudonymizer.Pseudonymize(IPAddress.Parse(text)));
            }
            else
            {
                Assert.Equal(address, IPAddress.Parse(result));
                Assert.Equal(a.AddressFamily, address.AddressFamily);
            }
        }, iter: 10_000);
    }

    [Fact]
    public void Ipv6_text_is_rfc_5952_hex_and_matches_ip_address_formatting()
    {
        using var identity = IpTestPseudonymizers.Identity();
        GenIPv6.Sample(a =>
        {
            var ours = identity.Pseudonymize(a.ToString());
            Assert.Equal(a, IPAddress.Parse(ours));
            Assert.DoesNotContain('.', ours);

            // IPAddress writes a dotted tail for ISATAP-shaped addresses (…:0:5efe:a.b.c.d); RFC 5952 hex is kept here.
            var theirs = a.ToString();
            if (!theirs.Contains('.', StringComparison.Ordinal))
            {
                Assert.Equal(theirs, ours);
            }
        }, iter: 10_000);
    }

    [Fact]
    public void Token_outputs_never_contain_the_input()
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.Token);
        var shape = new Regex("^ka_[a-z2-7]{26}$", RegexOptions.CultureInvariant);
        GenAddress.Sample(a =>
        {
            var text = a.ToString();
            var token = pseudonymizer.Pseudonymize(text);
            Assert.Matches(shape, token);
            Assert.DoesNotContain(text, token, StringComparison.OrdinalIgnoreCase);
        }, iter: 10_000);
    }

    [Fact]
    public void Different_token_keys_give_different_tokens()
    {
        using var a = IpTestPseudonymizers.Create(IpPseudonymizationMode.Token, tokenKey: IpTestPseudonymizers.Key(1));
        using var b = IpTestPseudonymizers.Create(IpPseudonymizationMode.Token, tokenKey: IpTestPseudonymizers.Key(2));
        GenAddress.Sample(address => Assert.NotEqual(a.Pseudonymize(address), b.Pseudonymize(address)), iter: 10_000);
    }

    [Fact]
    public void Tokens_carry_the_key_id_and_agree_across_spellings()
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.Token, keyId: "k2");
        var token = pseudonymizer.Pseudonymize("2001:db8::1");
        Assert.StartsWith("k2_", token, StringComparison.Ordinal);
        Assert.Equal(token, pseudonymizer.Pseudonymize("[2001:0DB8:0:0::1]:443"));
        Assert.Equal(token, pseudonymizer.Pseudonymize("2001:db8::1%eth0"));
        Assert.Equal(pseudonymizer.MaxOutputLength, token.Length);
    }
}
