using System.Net;
using CsCheck;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

/// <summary>
/// Every pseudonym a pseudonymizer writes is recognized as one (so a save does not pseudonymize a token again), and
/// values that are not its pseudonyms are not: the clear value, other text, another key id's tokens. Invalid
/// addresses are included (their token is of the raw value).
/// </summary>
public class PseudonymShapeTests
{
    [Fact]
    public void The_token_formats_tails_are_told_apart()
    {
        using var atReserved = Email(EmailTokenFormat.TokenAtPseudonymizedDomain, "k1");
        using var only = Email(EmailTokenFormat.TokenOnly, "k1");
        using var atDomain = Email(EmailTokenFormat.TokenAtOriginalDomain, "k1");
        var token = only.Pseudonymize("jane@example.com");
        Assert.True(only.IsPseudonym(token));
        Assert.False(only.IsPseudonym(token + "@example.com"));
        Assert.True(atReserved.IsPseudonym(token + "@pseudonymized.invalid"));
        Assert.False(atReserved.IsPseudonym(token + "@example.com"));
        Assert.False(atReserved.IsPseudonym(token));
        Assert.True(atDomain.IsPseudonym(token + "@example.com"));
        Assert.False(atDomain.IsPseudonym(token + "@"));
        Assert.False(atDomain.IsPseudonym(token + "@a@b"));
    }

    [Fact]
    public void An_e_mail_pseudonym_is_recognized_and_the_address_is_not() =>
        Gen.Select(EmailFastPathTests.Address, Gen.Int[0, 2]).Sample((address, format) =>
        {
            using var pseudonymizer = Email((EmailTokenFormat)format, "k1");
            using var otherKey = Email((EmailTokenFormat)format, "k2");
            var token = pseudonymizer.Pseudonymize(address);

            Assert.True(pseudonymizer.IsPseudonym(token));
            Assert.False(pseudonymizer.IsPseudonym(address));
            Assert.False(otherKey.IsPseudonym(token));
            Assert.False(pseudonymizer.IsPseudonym(token.ToUpperInvariant()));
            Assert.False(pseudonymizer.IsPseudonym(token.AsSpan(1)));
        }, iter: 10_000);

    [Fact]
    public void A_value_or_IP_token_is_recognized_and_other_text_is_not() =>
        Gen.Select(Gen.String, Gen.UInt).Sample((value, address) =>
        {
            using var values = new ValuePseudonymizer("k1", new byte[32]);
            using var ips = IpTestPseudonymizers.Create(IpPseudonymizationMode.Token, keyId: "k1");
            using var truncating = IpTestPseudonymizers.Create(IpPseudonymizationMode.Truncate, keyId: "k1");
            var ip = new IPAddress(address).ToString();
            var token = values.Pseudonymize(value);
            var ipToken = ips.Pseudonymize(ip);

            Assert.True(values.IsPseudonym(token));
            Assert.True(ips.IsPseudonym(ipToken));
            Assert.False(values.IsPseudonym(value + "x"));
            Assert.False(ips.IsPseudonym(ip));
            Assert.False(truncating.IsPseudonym(ipToken));
            Assert.False(values.IsPseudonym("k2" + token[2..]));
            Assert.False(values.IsPseudonym(token + "a"));
        }, iter: 10_000);

    private static EmailPseudonymizer Email(EmailTokenFormat format, string keyId) =>
        new(keyId, new byte[32], new EmailPseudonymizerOptions { Format = format, InvalidInput = InvalidEmailHandling.TokenOfRawValue });
}
