using System.Text;
using CsCheck;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Tests.Pseudonymization;

/// <summary>The UTF-8 span overload gives the string overload's token, byte for byte, and allocates nothing.</summary>
public class ValuePseudonymizerSpanTests
{
    private static readonly byte[] Key = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();

    // Every character char.IsWhiteSpace accepts, plus ordinary, accented, CJK and astral text.
    private static readonly string WhiteSpace = new([.. Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(char.IsWhiteSpace)]);

    private static readonly Gen<string> Text = Gen.OneOf(
            Gen.Char[WhiteSpace],
            Gen.Char["abcXYZ019 -_.@"],
            Gen.Char["éßøΩжж例え"],
            Gen.Char.AlphaNumeric)
        .Array[0, 24]
        .Select(chars => new string(chars))
        .SelectMany(s => Gen.Bool.Select(astral => astral ? s + "😀" + s : s));

    [Fact]
    public void The_span_overload_writes_the_string_overloads_token_for_any_text()
    {
        using var pseudonymizer = new ValuePseudonymizer("k1", Key);
        Text.Sample(
            text =>
            {
                var destination = new byte[pseudonymizer.TokenLength];
                var ok = pseudonymizer.TryPseudonymize(Encoding.UTF8.GetBytes(text), destination, out var written);
                return ok && Encoding.ASCII.GetString(destination, 0, written) == pseudonymizer.Pseudonymize(text);
            },
            iter: 10_000);
    }

    [Fact]
    public void A_short_destination_returns_false_and_invalid_utf8_is_refused()
    {
        using var pseudonymizer = new ValuePseudonymizer("k1", Key);

        Assert.False(pseudonymizer.TryPseudonymize("jane"u8, new byte[pseudonymizer.TokenLength - 1], out var written));
        Assert.Equal(0, written);
        Assert.Throws<ArgumentException>(() => pseudonymizer.TryPseudonymize([0x6A, 0xC3, 0x28], new byte[64], out _));
    }

    [Fact]
    public void The_span_overload_allocates_nothing()
    {
        using var pseudonymizer = new ValuePseudonymizer("k1", Key);
        var destination = new byte[pseudonymizer.TokenLength];
        var value = "  Jane Q. Example\u00a0"u8.ToArray();
        pseudonymizer.TryPseudonymize(value, destination, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            pseudonymizer.TryPseudonymize(value, destination, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
