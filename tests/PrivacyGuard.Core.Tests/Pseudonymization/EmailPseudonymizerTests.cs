using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;
using NSec.Cryptography;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

public class EmailPseudonymizerTests
{
    internal static readonly byte[] KeyA = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    internal static readonly byte[] KeyB = [.. Enumerable.Range(32, 32).Select(i => (byte)i)];

    internal static EmailPseudonymizer Create(
        EmailTokenFormat format = EmailTokenFormat.TokenAtPseudonymizedDomain,
        bool removePlusTag = false,
        InvalidEmailHandling invalid = InvalidEmailHandling.Throw,
        string keyId = "k1",
        byte[]? key = null) =>
        new(keyId, key ?? KeyA, new EmailPseudonymizerOptions { Format = format, RemovePlusTag = removePlusTag, InvalidInput = invalid });

    [Fact]
    public void Known_answer_for_a_fixed_key_is_stable()
    {
        // Cross-checked independently with Python's hashlib (keyed BLAKE2b, 16-byte digest) and RFC 4648 base32:
        // python3 -c "import hashlib,base64; h=hashlib.blake2b(b'jane.doe@example.com', key=bytes(range(32)), digest_size=16).digest(); print(h.hex(), base64.b32encode(h).decode().lower().rstrip('='))"
        // → f3dd27bc1a08257481998fa5b4b51c6e 6posppa2basxjamzr6s3jni4ny
        using var pseudonymizer = Create();
        Assert.Equal("k1_6posppa2basxjamzr6s3jni4ny@pseudonymized.invalid", pseudonymizer.Pseudonymize("jane.doe@example.com"));
        Assert.Equal("k1_6posppa2basxjamzr6s3jni4ny@pseudonymized.invalid", pseudonymizer.Pseudonymize("  Jane.Doe@EXAMPLE.com "));
    }

    [Fact]
    public void NSec_keyed_blake2b_matches_the_python_reference()
    {
        var algorithm = new Blake2bMac(32, 16);
        using var key = Key.Import(algorithm, KeyA, KeyBlobFormat.RawSymmetricKey);
        var mac = algorithm.Mac(key, "jane.doe@example.com"u8);
        Assert.Equal("f3dd27bc1a08257481998fa5b4b51c6e", Convert.ToHexStringLower(mac));
    }

    [Theory]
    [InlineData(" Jane@Example.COM ", "jane@example.com")]
    [InlineData("JANE@EXAMPLE.COM", "jane@example.com")]
    [InlineData("jane@bücher.example", "jane@xn--bcher-kva.example")]
    [InlineData("jane@BÜCHER.example", "Jane@xn--BCHER-kva.example")]
    public void Equivalent_spellings_give_the_same_token(string a, string b)
    {
        using var pseudonymizer = Create();
        Assert.Equal(pseudonymizer.Pseudonymize(a), pseudonymizer.Pseudonymize(b));
    }

    [Fact]
    public void A_plus_tag_is_removed_only_when_configured()
    {
        using var removing = Create(removePlusTag: true);
        using var keeping = Create();
        Assert.Equal(removing.Pseudonymize("jane@x.org"), removing.Pseudonymize("jane+news@x.org"));
        Assert.NotEqual(keeping.Pseudonymize("jane@x.org"), keeping.Pseudonymize("jane+news@x.org"));
    }

    [Fact]
    public void Local_part_case_is_kept_when_folding_is_off()
    {
        using var pseudonymizer = new EmailPseudonymizer("k1", KeyA, new EmailPseudonymizerOptions { FoldLocalPartCase = false });
        Assert.NotEqual(pseudonymizer.Pseudonymize("Jane@x.org"), pseudonymizer.Pseudonymize("jane@x.org"));
        Assert.Equal(pseudonymizer.Pseudonymize("jane@X.ORG"), pseudonymizer.Pseudonymize("jane@x.org"));
    }

    [Theory]
    [InlineData(EmailTokenFormat.TokenOnly, "jane@example.com", @"^k1_[a-z2-7]{26}$")]
    [InlineData(EmailTokenFormat.TokenAtPseudonymizedDomain, "jane@example.com", @"^k1_[a-z2-7]{26}@pseudonymized\.invalid$")]
    [InlineData(EmailTokenFormat.TokenAtOriginalDomain, "Jane@Example.COM", @"^k1_[a-z2-7]{26}@example\.com$")]
    [InlineData(EmailTokenFormat.TokenAtOriginalDomain, "jane@bücher.example", @"^k1_[a-z2-7]{26}@xn--bcher-kva\.example$")]
    public void Each_format_has_its_documented_shape(EmailTokenFormat format, string input, string pattern)
    {
        using var pseudonymizer = Create(format);
        var output = pseudonymizer.Pseudonymize(input);
        Assert.Matches(new Regex(pattern, RegexOptions.CultureInvariant), output);
        Assert.True(output.Length <= EmailPseudonymizer.MaxOutputLength);
        if (format != EmailTokenFormat.TokenOnly)
        {
            Assert.True(MailAddress.TryCreate(output, out var address), "The output is a well-formed address.");
            Assert.Equal(output, address.Address);
        }
    }

    [Fact]
    public void The_token_is_the_same_in_every_format()
    {
        using var only = Create(EmailTokenFormat.TokenOnly);
        using var original = Create(EmailTokenFormat.TokenAtOriginalDomain);
        using var pseudonymized = Create(EmailTokenFormat.TokenAtPseudonymizedDomain);
        var token = only.Pseudonymize("jane@x.org");
        Assert.Equal(token + "@x.org", original.Pseudonymize("jane@x.org"));
        Assert.Equal(token + "@" + EmailPseudonymizer.PseudonymizedDomain, pseudonymized.Pseudonymize("jane@x.org"));
    }

    [Fact]
    public void Different_keys_and_key_ids_give_different_tokens()
    {
        using var a = Create();
        using var b = Create(key: KeyB);
        using var c = Create(keyId: "k2");
        Assert.NotEqual(a.Pseudonymize("jane@x.org")[3..], b.Pseudonymize("jane@x.org")[3..]);
        Assert.StartsWith("k2_", c.Pseudonymize("jane@x.org"), StringComparison.Ordinal);
        Assert.NotEqual(a.Pseudonymize("jane@x.org"), c.Pseudonymize("jane@x.org"));
    }

    [Fact]
    public void Try_overloads_return_false_only_when_the_destination_is_too_small()
    {
        using var pseudonymizer = Create();
        var expected = pseudonymizer.Pseudonymize("jane@x.org");
        Span<char> chars = stackalloc char[expected.Length];
        Assert.False(pseudonymizer.TryPseudonymize("jane@x.org", chars[..^1], out var none));
        Assert.Equal(0, none);
        Assert.True(pseudonymizer.TryPseudonymize("jane@x.org", chars, out var charsWritten));
        Assert.Equal(expected, chars[..charsWritten].ToString());
        Span<byte> bytes = stackalloc byte[expected.Length];
        Assert.False(pseudonymizer.TryPseudonymize("jane@x.org"u8, bytes[..^1], out _));
        Assert.True(pseudonymizer.TryPseudonymize("jane@x.org"u8, bytes, out var bytesWritten));
        Assert.Equal(expected, Encoding.ASCII.GetString(bytes[..bytesWritten]));
    }

    [Fact]
    public void Constructor_rejects_bad_key_ids_keys_and_options()
    {
        Assert.Throws<ArgumentException>(() => new EmailPseudonymizer("", KeyA, new EmailPseudonymizerOptions()));
        Assert.Throws<ArgumentException>(() => new EmailPseudonymizer("k_1", KeyA, new EmailPseudonymizerOptions()));
        Assert.Throws<ArgumentException>(() => new EmailPseudonymizer("k1", new byte[16], new EmailPseudonymizerOptions()));
        Assert.Throws<ArgumentNullException>(() => new EmailPseudonymizer("k1", KeyA, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmailPseudonymizer("k1", KeyA, new EmailPseudonymizerOptions { Format = (EmailTokenFormat)42 }));
    }

    [Fact]
    public void Default_options_are_the_documented_ones()
    {
        var options = new EmailPseudonymizerOptions();
        Assert.True(options.FoldLocalPartCase);
        Assert.False(options.RemovePlusTag);
        Assert.Equal(EmailTokenFormat.TokenAtPseudonymizedDomain, options.Format);
        Assert.Equal(InvalidEmailHandling.Throw, options.InvalidInput);
        using var pseudonymizer = new EmailPseudonymizer("k1", KeyA, options);
        Assert.Equal(EmailTokenFormat.TokenAtPseudonymizedDomain, pseudonymizer.Format);
    }

    [Fact]
    public void ToString_never_shows_the_key()
    {
        using var pseudonymizer = Create();
        var text = pseudonymizer.ToString();
        Assert.Contains("k1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(KeyA), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(KeyA), text, StringComparison.Ordinal);
    }
}
