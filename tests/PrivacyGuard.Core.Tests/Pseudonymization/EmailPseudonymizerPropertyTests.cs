using System.Text;
using CsCheck;
using PrivacyGuard.Pseudonymization;
using static PrivacyGuard.Tests.Pseudonymization.EmailPseudonymizerTests;

namespace PrivacyGuard.Tests.Pseudonymization;

public class EmailPseudonymizerPropertyTests
{
    // Characters that never occur in any output: outputs are key id + '_' + base32 + optional '@' + a host name.
    private const string NeverInOutput = "!#$%&'*/=?^`{|}~+";
    private static readonly System.Buffers.SearchValues<char> NeverInOutputValues = System.Buffers.SearchValues.Create(NeverInOutput);
    private const string LocalChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-" + NeverInOutput;
    private const string UnicodeLocalChars = LocalChars + "éüßøЖ中文Ω";

    private static readonly Gen<string> Label = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 12].Select(a => new string(a));
    private static readonly Gen<string> Domain = Gen.Select(Label.Array[1, 3], Gen.Char["abcdefghijklmnopqrstuvwxyz"].Array[2, 6], (labels, tld) => string.Join('.', labels) + "." + new string(tld));
    private static readonly Gen<string> UnicodeDomain = Gen.OneOf(Domain, Domain.Select(d => "bücher-" + d), Domain.Select(d => "例え." + d));
    private static readonly Gen<string> Local = Gen.Char[LocalChars].Array[1, 40].Select(a => new string(a));
    private static readonly Gen<string> UnicodeLocal = Gen.Char[UnicodeLocalChars].Array[1, 40].Select(a => new string(a));
    private static readonly Gen<string> Address = Gen.Select(Local, Domain, (l, d) => l + "@" + d);
    private static readonly Gen<EmailTokenFormat> Format = Gen.OneOf(EmailTokenFormat.TokenOnly, EmailTokenFormat.TokenAtOriginalDomain, EmailTokenFormat.TokenAtPseudonymizedDomain);

    private static readonly EmailPseudonymizer[] ByFormat =
        [Create(EmailTokenFormat.TokenAtPseudonymizedDomain), Create(EmailTokenFormat.TokenOnly), Create(EmailTokenFormat.TokenAtOriginalDomain)];

    [Fact]
    public void Pseudonymization_is_deterministic() =>
        Gen.Select(Address, Format).Sample((address, format) =>
        {
            using var other = Create(format);
            Assert.Equal(ByFormat[(int)format].Pseudonymize(address), other.Pseudonymize(address));
        }, iter: 10_000);

    [Fact]
    public void Case_and_whitespace_variants_give_the_same_token() =>
        Gen.Select(Address, Gen.Int, Gen.Char[" \t\r\n\u00A0\u2003"].Array[0, 3], Gen.Char[" \t\r\n\u3000"].Array[0, 3])
            .Sample((address, seed, before, after) =>
            {
                var random = new Random(seed);
                var variant = new string(before) + string.Concat(address.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : c)) + new string(after);
                var pseudonymizer = ByFormat[(int)EmailTokenFormat.TokenAtOriginalDomain];
                Assert.Equal(pseudonymizer.Pseudonymize(address.ToLowerInvariant()), pseudonymizer.Pseudonymize(variant));
            }, iter: 10_000);

    [Fact]
    public void Different_keys_give_different_tokens() =>
        Gen.Select(Address, Gen.Byte.Array[32], Gen.Byte.Array[32]).Where((_, a, b) => !a.AsSpan().SequenceEqual(b))
            .Sample((address, keyA, keyB) =>
            {
                using var a = Create(EmailTokenFormat.TokenOnly, key: keyA);
                using var b = Create(EmailTokenFormat.TokenOnly, key: keyB);
                Assert.NotEqual(a.Pseudonymize(address), b.Pseudonymize(address));
            }, iter: 2_000);

    [Fact]
    public void Different_key_ids_give_different_prefixes() =>
        Gen.Select(Address, KeyId, KeyId).Where((_, a, b) => a != b).Sample((address, idA, idB) =>
        {
            using var a = Create(keyId: idA);
            using var b = Create(keyId: idB);
            var tokenA = a.Pseudonymize(address);
            var tokenB = b.Pseudonymize(address);
            Assert.StartsWith(idA + "_", tokenA, StringComparison.Ordinal);
            Assert.StartsWith(idB + "_", tokenB, StringComparison.Ordinal);
            Assert.NotEqual(tokenA, tokenB);
        }, iter: 2_000);

    [Fact]
    public void The_output_never_contains_a_distinctive_local_part_or_the_input() =>
        Gen.Select(Local.Where(l => l.Length >= 3 && l.AsSpan().ContainsAny(NeverInOutputValues)), Domain, Format).Sample((local, domain, format) =>
        {
            var output = ByFormat[(int)format].Pseudonymize(local + "@" + domain);
            Assert.DoesNotContain(local, output, StringComparison.Ordinal);
            Assert.DoesNotContain(local + "@" + domain, output, StringComparison.Ordinal);
        }, iter: 10_000);

    [Fact]
    public void The_output_never_contains_a_long_local_part_even_from_the_token_alphabet() =>
        Gen.Select(Gen.Char["abcdefghijklmnopqrstuvwxyz234567_"].Array[31, 60].Select(a => new string(a)), Domain, Format)
            .Where((local, domain, _) => !domain.Contains(local, StringComparison.Ordinal))
            .Sample((local, domain, format) =>
                Assert.DoesNotContain(local, ByFormat[(int)format].Pseudonymize(local + "@" + domain), StringComparison.Ordinal), iter: 10_000);

    [Fact]
    public void Any_string_gives_a_token_or_a_pseudonymization_exception() =>
        Gen.OneOf(Gen.String, Gen.Char.Array[0, 300].Select(a => new string(a)), Gen.Select(UnicodeLocal, Gen.String, (l, s) => l + "@" + s))
            .Sample(value =>
            {
                try
                {
                    Assert.Matches("^k1_[a-z2-7]{26}@", ByFormat[(int)EmailTokenFormat.TokenAtOriginalDomain].Pseudonymize(value));
                }
                catch (PseudonymizationException)
                {
                    // Expected for invalid values; any other exception type fails the property.
                }

                using var raw = Create(invalid: InvalidEmailHandling.TokenOfRawValue);
                Assert.Matches("^k1_[a-z2-7]{26}@", raw.Pseudonymize(value));
            }, iter: 10_000);

    [Fact]
    public void Char_and_utf8_overloads_agree() =>
        Gen.Select(Gen.OneOf(Gen.Select(UnicodeLocal, UnicodeDomain, (l, d) => l + "@" + d), Gen.String), Format).Sample((value, format) =>
        {
            var pseudonymizer = ByFormat[(int)format];
            var utf8 = Encoding.UTF8.GetBytes(value);
            var bytes = new byte[EmailPseudonymizer.MaxOutputLength];
            string? fromChars = null, fromBytes = null;
            try
            {
                fromChars = pseudonymizer.Pseudonymize(value);
            }
            catch (PseudonymizationException)
            {
            }

            try
            {
                Assert.True(pseudonymizer.TryPseudonymize(utf8, bytes, out var written));
                fromBytes = Encoding.ASCII.GetString(bytes, 0, written);
            }
            catch (PseudonymizationException)
            {
            }

            // Lone surrogates become U+FFFD in the UTF-8 copy, so only well-formed strings must agree.
            if (Encoding.UTF8.GetString(utf8) == value)
            {
                Assert.Equal(fromChars, fromBytes);
            }
        }, iter: 10_000);

    private static readonly Gen<string> KeyId = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"].Array[1, 16].Select(a => new string(a));
}
