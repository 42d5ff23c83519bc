using System.Buffers.Text;
using CsCheck;
using PrivacyGuard.Encryption;
using PrivacyGuard.Keys;

namespace PrivacyGuard.Tests.Encryption;

public class BlindIndexTests
{
    private static readonly byte[] KeyA = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public void The_index_of_an_e_mail_is_keyed_BLAKE2b_of_its_canonical_form()
    {
        // Keyed BLAKE2b-128 of "jane.doe@example.com" under bytes 0..31, cross-checked with Python's hashlib
        // (see EmailPseudonymizerTests.NSec_keyed_blake2b_matches_the_python_reference): f3dd27bc1a08257481998fa5b4b51c6e.
        using var index = new BlindIndex(KeyA);
        Assert.Equal(Base64Url.EncodeToString(Convert.FromHexString("f3dd27bc1a08257481998fa5b4b51c6e")), index.ComputeEmail("jane.doe@example.com"));
        Assert.Equal("890nvBoIJXSBmY-ltLUcbg", index.ComputeEmail(" Jane.Doe@EXAMPLE.com\t"));
    }

    [Fact]
    public void The_index_is_deterministic() =>
        Gen.String.Where(s => !s.Any(char.IsSurrogate)).Sample(value =>
        {
            using var a = new BlindIndex(KeyA);
            using var b = new BlindIndex(KeyA);
            Assert.Equal(a.ComputeText(value), b.ComputeText(value));
        }, iter: 1_000);

    [Theory]
    [InlineData("jane.doe@example.com", "Jane.Doe@Example.COM")]
    [InlineData("jane.doe@example.com", "  JANE.DOE@EXAMPLE.COM \n")]
    [InlineData("jane@bücher.example", "Jane@xn--bcher-kva.example")]
    public void Case_and_whitespace_equivalent_e_mails_give_the_same_index(string a, string b)
    {
        using var index = new BlindIndex(KeyA);
        Assert.Equal(index.ComputeEmail(a), index.ComputeEmail(b));
    }

    [Fact]
    public void A_plus_tag_is_kept_as_the_pseudonymizer_default_does()
    {
        using var index = new BlindIndex(KeyA);
        Assert.NotEqual(index.ComputeEmail("jane@example.com"), index.ComputeEmail("jane+news@example.com"));
    }

    [Fact]
    public void Text_is_trimmed_and_NFC_normalized_but_case_sensitive()
    {
        using var index = new BlindIndex(KeyA);
        Assert.Equal(index.ComputeText("Zoë Smith"), index.ComputeText("  Zoe\u0308 Smith\t"));
        Assert.Equal(index.ComputeText("Jane"), index.ComputeText(" Jane "));
        Assert.NotEqual(index.ComputeText("Jane"), index.ComputeText("jane"));
    }

    [Fact]
    public void Different_keys_give_unrelated_indexes() =>
        Gen.Select(Gen.String.Where(s => !s.Any(char.IsSurrogate)), Gen.Byte.Array[32], Gen.Byte.Array[32])
            .Where((_, a, b) => !a.AsSpan().SequenceEqual(b))
            .Sample((value, keyA, keyB) =>
            {
                using var a = new BlindIndex(keyA);
                using var b = new BlindIndex(keyB);
                Assert.NotEqual(a.ComputeText(value), b.ComputeText(value));
            }, iter: 1_000);

    [Fact]
    public void Different_properties_get_different_keys_and_so_different_indexes()
    {
        using var ring = TestKeys.RingA();
        var nameKey = new byte[BlindIndex.KeySize];
        var emailKey = new byte[BlindIndex.KeySize];
        ring.Current.DeriveSubkey(KeyDerivationLabels.BlindIndex("Customer", "Name"), nameKey);
        ring.Current.DeriveSubkey(KeyDerivationLabels.BlindIndex("Customer", "Email"), emailKey);
        using var byName = new BlindIndex(nameKey);
        using var byEmail = new BlindIndex(emailKey);

        Assert.Equal("blind-index/Customer/Name", KeyDerivationLabels.BlindIndex("Customer", "Name"));
        Assert.NotEqual(byName.ComputeText("jane@example.com"), byEmail.ComputeText("jane@example.com"));
        Assert.Throws<ArgumentException>(() => KeyDerivationLabels.BlindIndex("Customer/Name", "x"));
    }

    [Fact]
    public void The_short_length_is_the_first_8_bytes_of_the_full_index()
    {
        using var full = new BlindIndex(KeyA);
        using var shortIndex = new BlindIndex(KeyA, BlindIndex.ShortLength);
        var fullBytes = new byte[16];
        var shortBytes = new byte[16];

        Assert.Equal(16, full.ComputeEmail("jane@example.com", fullBytes));
        Assert.Equal(8, shortIndex.ComputeEmail("jane@example.com", shortBytes));
        Assert.Equal(fullBytes[..8], shortBytes[..8]);
        Assert.Equal(11, shortIndex.ComputeEmail("jane@example.com").Length);
        Assert.Equal(22, full.ComputeEmail("jane@example.com").Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlindIndex(KeyA, 12));
    }

    [Fact]
    public void An_invalid_e_mail_throws_without_showing_the_value()
    {
        using var index = new BlindIndex(KeyA);
        var e = Assert.Throws<ArgumentException>(() => index.ComputeEmail("not-an-address"));
        Assert.DoesNotContain("not-an-address", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => index.ComputeText("a\uDC00"));
    }

    [Fact]
    public void Long_non_ASCII_text_is_normalized_through_a_pooled_buffer()
    {
        using var index = new BlindIndex(KeyA);
        var composed = string.Concat(Enumerable.Repeat("é", 1_000));
        var decomposed = string.Concat(Enumerable.Repeat("e\u0301", 1_000));
        Assert.Equal(index.ComputeText(composed), index.ComputeText(decomposed));
    }
}
