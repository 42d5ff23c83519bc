using System.Net;
using CsCheck;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

/// <summary>The IPv4 truncation fast path gives exactly what the general parser and formatter give.</summary>
public class Ipv4TruncateFastPathTests
{
    [Fact]
    public void Fast_path_truncation_matches_the_general_path_for_every_prefix_length() =>
        Gen.Select(Gen.UInt, Gen.Int[0, 32]).Sample((value, prefix) =>
        {
            using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.Truncate, ipv4Prefix: prefix);
            var text = new IPAddress(BitConverter.IsLittleEndian ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value) : value).ToString();
            var expected = new IPAddress(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(prefix == 0 ? 0u : value & (uint.MaxValue << (32 - prefix))))).ToString();
            Assert.Equal(expected, pseudonymizer.Pseudonymize(text));                 // fast path
            Assert.Equal(expected, pseudonymizer.Pseudonymize(text + ":8080"));       // general path (port)
            Assert.Equal(expected, pseudonymizer.Pseudonymize("::ffff:" + text));     // general path (mapped)
        }, iter: 10_000);

    [Fact]
    public void Utf8_text_gets_exactly_what_the_same_utf16_text_gets() =>
        Gen.OneOf(Gen.String[Gen.Char["0123456789.:fF"], 0, 20], Gen.String, Gen.UInt.Select(v => new IPAddress(v).ToString())).Sample(text =>
        {
            using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.Truncate);
            var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
            var expected = Outcome(() => pseudonymizer.Pseudonymize(text));
            var actual = Outcome(() =>
            {
                var destination = new byte[64];
                Assert.True(pseudonymizer.TryPseudonymize(utf8, destination, out var written));
                return System.Text.Encoding.UTF8.GetString(destination, 0, written);
            });
            Assert.Equal(expected, actual);
        }, iter: 10_000);

    [Theory]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.04")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.1000")]
    [InlineData("1..2.3")]
    [InlineData("+1.2.3.4")]
    public void Text_the_fast_path_refuses_is_still_refused(string text)
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.Truncate);
        var error = Assert.Throws<PseudonymizationException>(() => pseudonymizer.Pseudonymize(text));
        Assert.DoesNotContain(text, error.Message);
    }

    private static string Outcome(Func<string> pseudonymize)
    {
        try
        {
            return pseudonymize();
        }
        catch (PseudonymizationException)
        {
            return "refused";
        }
    }

    [Fact]
    public void A_destination_too_small_for_the_fast_path_still_gets_a_short_result()
    {
        using var pseudonymizer = IpTestPseudonymizers.Create(IpPseudonymizationMode.Truncate);
        var destination = new char[11];
        Assert.True(pseudonymizer.TryPseudonymize("10.1.2.3", destination, out var written));
        Assert.Equal("10.1.2.0", new string(destination, 0, written));
        Assert.False(pseudonymizer.TryPseudonymize("203.0.113.7", new char[5], out _));
        Assert.False(pseudonymizer.TryPseudonymize("203.0.113.7"u8, new byte[5], out _));
    }
}
