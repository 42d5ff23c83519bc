using System.Text;
using CsCheck;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

/// <summary>
/// The ASCII fast paths of the string and UTF-8 overloads give exactly what the general canonicalizer gives (the same
/// pseudonymizer with its fast paths turned off), for every option combination and format, refusals included.
/// </summary>
public class EmailFastPathTests
{
    internal static readonly Gen<string> Address = Gen.Select(
        Gen.Char["abcXYZ019._+-!#"].Array[1, 20], Gen.Char["abcXYZ019-"].Array[1, 10], Gen.Char["abcXYZ"].Array[2, 4],
        (local, label, tld) => new string(local) + "@" + new string(label) + "." + new string(tld));

    // Near misses the fast paths must hand to the general path: padding, controls, non-ASCII, several or no '@'.
    private static readonly Gen<string> NearMiss = Gen.Select(
        Address, Gen.OneOf(Gen.Const(" "), Gen.Const("\t"), Gen.Const("\u0001"), Gen.Const("é"), Gen.Const("É"), Gen.Const("@"), Gen.Const("+x"), Gen.Const(".."), Gen.Const("")), Gen.Int[0, 2],
        (address, extra, where) => where switch { 0 => extra + address, 1 => address + extra, _ => address.Insert(address.Length / 2, extra) });

    // Domains of any shape from label bytes, dots and hyphens (empty labels, hyphens at label ends, a trailing dot),
    // around the 32-byte vector the short-address checks work in.
    private static readonly Gen<string> OddDomain = Gen.Select(
        Gen.Char["abXY09.-_ "].Array[1, 16], Gen.Char["aZ0-."].Array[0, 24],
        (local, domain) => new string(local) + "@" + new string(domain));

    // Free-form text: no '@', several, at either end.
    private static readonly Gen<string> FreeForm = Gen.Char["aZ0.-@"].Array[1, 40].Select(chars => new string(chars));

    [Fact]
    public void Fast_and_general_paths_agree_for_every_option_and_format() =>
        Gen.Select(Gen.OneOf(Address, NearMiss, OddDomain, FreeForm), Gen.Bool, Gen.Bool, Gen.Int[0, 2]).Sample((address, fold, removeTag, format) =>
        {
            var options = new EmailPseudonymizerOptions { FoldLocalPartCase = fold, RemovePlusTag = removeTag, Format = (EmailTokenFormat)format };
            var key = new byte[32];
            using var fast = new EmailPseudonymizer("k1", key, options);
            using var general = new EmailPseudonymizer("k1", key, options) { FastPaths = false };

            var expected = FromChars(general, address);
            Assert.Equal(expected, FromChars(fast, address));
            Assert.Equal(expected, FromBytes(fast, address));
            Assert.Equal(expected, FromBytes(general, address));
        }, iter: 10_000);

    [Fact]
    public void The_utf8_fast_path_reports_a_destination_too_small_without_writing_past_it()
    {
        using var pseudonymizer = new EmailPseudonymizer("k1", new byte[32], new EmailPseudonymizerOptions());
        var expected = pseudonymizer.Pseudonymize("jane@example.org");
        var exact = new byte[expected.Length + 1];
        Assert.False(pseudonymizer.TryPseudonymize("jane@example.org"u8, exact.AsSpan(0, expected.Length - 1), out var none));
        Assert.Equal(0, none);
        Assert.All(exact, b => Assert.Equal(0, b));
        Assert.True(pseudonymizer.TryPseudonymize("jane@example.org"u8, exact, out var written));
        Assert.Equal(expected, Encoding.ASCII.GetString(exact, 0, written));
    }

    private static string FromChars(EmailPseudonymizer pseudonymizer, string address)
    {
        try
        {
            return pseudonymizer.Pseudonymize(address);
        }
        catch (PseudonymizationException e)
        {
            return "refused: " + e.Message;
        }
    }

    private static string FromBytes(EmailPseudonymizer pseudonymizer, string address)
    {
        var bytes = new byte[EmailPseudonymizer.MaxOutputLength];
        try
        {
            Assert.True(pseudonymizer.TryPseudonymize(Encoding.UTF8.GetBytes(address), bytes, out var written));
            return Encoding.ASCII.GetString(bytes, 0, written);
        }
        catch (PseudonymizationException e)
        {
            return "refused: " + e.Message;
        }
    }
}
