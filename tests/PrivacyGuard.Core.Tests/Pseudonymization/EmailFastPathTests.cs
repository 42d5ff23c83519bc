using System.Text;
using CsCheck;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

/// <summary>
/// The ASCII fast path of the string overloads gives exactly what the general canonicalizer gives (the UTF-8 overload
/// always takes the general path), for every option combination and format.
/// </summary>
public class EmailFastPathTests
{
    private static readonly Gen<string> Address = Gen.Select(
        Gen.Char["abcXYZ019._+-!#"].Array[1, 20], Gen.Char["abcXYZ019-"].Array[1, 10], Gen.Char["abcXYZ"].Array[2, 4],
        (local, label, tld) => new string(local) + "@" + new string(label) + "." + new string(tld));

    [Fact]
    public void Fast_and_general_paths_agree_for_every_option_and_format() =>
        Gen.Select(Address, Gen.Bool, Gen.Bool, Gen.Int[0, 2]).Sample((address, fold, removeTag, format) =>
        {
            var options = new EmailPseudonymizerOptions { FoldLocalPartCase = fold, RemovePlusTag = removeTag, Format = (EmailTokenFormat)format };
            using var pseudonymizer = new EmailPseudonymizer("k1", new byte[32], options);
            string? fromChars = null, fromBytes = null;
            try
            {
                fromChars = pseudonymizer.Pseudonymize(address);
            }
            catch (PseudonymizationException)
            {
            }

            var bytes = new byte[EmailPseudonymizer.MaxOutputLength];
            try
            {
                Assert.True(pseudonymizer.TryPseudonymize(Encoding.ASCII.GetBytes(address), bytes, out var written));
                fromBytes = Encoding.ASCII.GetString(bytes, 0, written);
            }
            catch (PseudonymizationException)
            {
            }

            Assert.Equal(fromBytes, fromChars);
        }, iter: 10_000);
}
