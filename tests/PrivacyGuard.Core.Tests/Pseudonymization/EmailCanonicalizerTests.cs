using System.Text;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

public class EmailCanonicalizerTests
{
    [Theory]
    [InlineData("jane@example.com", true, false, "jane@example.com")]
    [InlineData(" Jane@Example.COM ", true, false, "jane@example.com")]
    [InlineData("\t\r\n jane@x.org \r\n", true, false, "jane@x.org")]
    [InlineData("\u00A0jane@x.org\u3000", true, false, "jane@x.org")]
    [InlineData("Jane.Doe@Example.COM", false, false, "Jane.Doe@example.com")]
    [InlineData("JOSÉ@x.org", true, false, "josé@x.org")]
    [InlineData("JOSÉ@x.org", false, false, "JOSÉ@x.org")]
    [InlineData("jane@bücher.example", true, false, "jane@xn--bcher-kva.example")]
    [InlineData("jane@BÜCHER.Example", true, false, "jane@xn--bcher-kva.example")]
    [InlineData("jane@xn--bcher-kva.example", true, false, "jane@xn--bcher-kva.example")]
    [InlineData("jane@ｅｘａｍｐｌｅ.com", true, false, "jane@example.com")]
    [InlineData("jane+news@x.org", true, true, "jane@x.org")]
    [InlineData("jane+news@x.org", true, false, "jane+news@x.org")]
    [InlineData("Jane+News+More@X.org", true, true, "jane@x.org")]
    [InlineData("jane+@x.org", true, true, "jane@x.org")]
    [InlineData("+news@x.org", true, true, "+news@x.org")]
    [InlineData("jane@a-b.c0.example", true, false, "jane@a-b.c0.example")]
    [InlineData("j@localhost", true, false, "j@localhost")]
    public void Canonical_form_follows_the_documented_rules(string input, bool foldLocalPartCase, bool removePlusTag, string expected)
    {
        Assert.Equal(expected, Canonicalize(input, foldLocalPartCase, removePlusTag));
        Assert.Equal(expected, CanonicalizeUtf8(Encoding.UTF8.GetBytes(input), foldLocalPartCase, removePlusTag));
    }

    [Fact]
    public void An_address_of_exactly_254_characters_is_accepted()
    {
        var address = new string('a', 62) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 62), 3)) + ".cc";
        Assert.Equal(254, address.Length);
        Assert.Equal(address, Canonicalize(address));
    }

    [Theory]
    [InlineData("", "Empty")]
    [InlineData(" \t ", "Empty")]
    [InlineData("a", "NoAt")]
    [InlineData("a@b@c", "MoreThanOneAt")]
    [InlineData("@x.org", "EmptyLocalPart")]
    [InlineData("jane@", "EmptyDomain")]
    [InlineData("ja\u0001ne@x.org", "ControlCharacter")]
    [InlineData("jane@x.org\u007F", "ControlCharacter")]
    [InlineData("ja\u0085ne@x.org", "ControlCharacter")]
    [InlineData("jane@exa mple.com", "InvalidDomain")]
    [InlineData("jane@-x.org", "InvalidDomain")]
    [InlineData("jane@x-.org", "InvalidDomain")]
    [InlineData("jane@x..org", "InvalidDomain")]
    [InlineData("jane@x.org.", "InvalidDomain")]
    [InlineData("jane@[192.0.2.1]", "InvalidDomain")]
    [InlineData("jane@under_score.org", "InvalidDomain")]
    [InlineData("jane@bü cher.example", "InvalidDomain")]
    public void Invalid_values_are_reported_with_their_problem(string input, string expected)
    {
        Span<char> buffer = stackalloc char[EmailCanonicalizer.MaxCanonicalLength];
        Assert.Equal(expected, EmailCanonicalizer.Canonicalize(input, true, false, buffer, out _, out _).ToString());
    }

    [Fact]
    public void Unpaired_surrogates_are_invalid()
    {
        // A fact, not a theory: test-case serialization would replace lone surrogates by U+FFFD.
        string[] inputs = ["\uD800@x.org", "jane\uDC00@x.org", "jane@x.org\uD83D", "jane\uDE00\uD83D@x.org"];
        Span<char> buffer = stackalloc char[EmailCanonicalizer.MaxCanonicalLength];
        foreach (var input in inputs)
        {
            Assert.Equal("UnpairedSurrogate", EmailCanonicalizer.Canonicalize(input, true, false, buffer, out _, out _).ToString());
        }
    }

    [Fact]
    public void A_surrogate_pair_in_the_local_part_is_kept()
    {
        Assert.Equal("jane\U0001F600@x.org", Canonicalize("Jane\U0001F600@X.org"));
    }

    [Fact]
    public void Over_long_and_invalid_utf8_values_are_invalid()
    {
        Span<char> buffer = stackalloc char[EmailCanonicalizer.MaxCanonicalLength];
        var tooLong = new string('a', 250) + "@x.org";
        Assert.Equal("TooLong", EmailCanonicalizer.Canonicalize(tooLong, true, false, buffer, out _, out _).ToString());
        Assert.Equal("TooLong", EmailCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(tooLong), true, false, buffer, out _, out _).ToString());
        byte[] invalid = [(byte)'j', 0xFF, (byte)'@', (byte)'x', (byte)'.', (byte)'o', (byte)'r', (byte)'g'];
        Assert.Equal("InvalidUtf8", EmailCanonicalizer.Canonicalize(invalid, true, false, buffer, out _, out _).ToString());
    }

    [Fact]
    public void The_domain_start_points_after_the_at_sign()
    {
        Span<char> buffer = stackalloc char[EmailCanonicalizer.MaxCanonicalLength];
        EmailCanonicalizer.Canonicalize("Jane+tag@Bücher.example", true, true, buffer, out var length, out var domainStart);
        Assert.Equal("xn--bcher-kva.example", buffer[domainStart..length].ToString());
    }

    private static string Canonicalize(string input, bool foldLocalPartCase = true, bool removePlusTag = false)
    {
        Span<char> buffer = stackalloc char[EmailCanonicalizer.MaxCanonicalLength];
        var problem = EmailCanonicalizer.Canonicalize(input, foldLocalPartCase, removePlusTag, buffer, out var length, out _);
        Assert.Equal("None", problem.ToString());
        return buffer[..length].ToString();
    }

    private static string CanonicalizeUtf8(byte[] input, bool foldLocalPartCase, bool removePlusTag)
    {
        Span<char> buffer = stackalloc char[EmailCanonicalizer.MaxCanonicalLength];
        var problem = EmailCanonicalizer.Canonicalize(input, foldLocalPartCase, removePlusTag, buffer, out var length, out _);
        Assert.Equal("None", problem.ToString());
        return buffer[..length].ToString();
    }
}
