using CsCheck;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

/// <summary>Whatever text arrives, the IP pseudonymizer gives a result or a PseudonymizationException, nothing else.</summary>
public class IpAddressOddInputTests
{
    private static readonly Gen<string> NearlyAddresses = Gen.Char["0123456789abcdefABCDEF.:[]%x-+ \t\0\uD800\u00e9"].Array[0, 60].Select(c => new string(c));

    [Theory]
    [InlineData(IpPseudonymizationMode.Truncate)]
    [InlineData(IpPseudonymizationMode.PrefixPreserving)]
    [InlineData(IpPseudonymizationMode.Token)]
    public void Any_text_gives_a_result_or_a_pseudonymization_exception(IpPseudonymizationMode mode)
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(mode);
        var generic = Assert.Throws<PseudonymizationException>(() => pseudonymizer.Pseudonymize("not an address")).Message;
        Gen.OneOf(Gen.String, NearlyAddresses).Sample(text =>
        {
            try
            {
                var result = pseudonymizer.Pseudonymize(text);
                Assert.False(string.IsNullOrEmpty(result));
            }
            catch (PseudonymizationException e)
            {
                // One fixed message for every invalid input: nothing of the input can be in it.
                Assert.Equal(generic, e.Message);
            }
        }, iter: 10_000);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\uD800")]
    [InlineData("203.0.113.7\uDC00")]
    [InlineData("２０３.0.113.7")]
    public void Odd_inputs_get_the_documented_exception(string text)
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.Truncate);
        Assert.Throws<PseudonymizationException>(() => pseudonymizer.Pseudonymize(text));
    }

    [Fact]
    public void A_4_KB_string_gets_the_documented_exception_without_being_echoed()
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.Truncate);
        var text = string.Concat(Enumerable.Repeat("203.0.113.7", 400));
        var error = Assert.Throws<PseudonymizationException>(() => pseudonymizer.Pseudonymize(text));
        Assert.DoesNotContain("203.0.113.7", error.Message);
    }
}
