using System.Text;
using NSec.Cryptography;
using PrivacyGuard.Pseudonymization;
using static PrivacyGuard.Tests.Pseudonymization.EmailPseudonymizerTests;

namespace PrivacyGuard.Tests.Pseudonymization;

public class EmailPseudonymizerInvalidInputTests
{
    // Named cases: test data holding lone surrogates does not survive test-case serialization, names do.
    private static readonly Dictionary<string, string> Cases = new()
    {
        ["empty"] = "",
        ["whitespace"] = " \t\r\n ",
        ["single letter"] = "a",
        ["no at sign"] = "jane.secret.example.org",
        ["two at signs"] = "a@b@c",
        ["two at signs, long local part"] = "jane.secret@bob@x.org",
        ["empty local part"] = "@x.org",
        ["empty domain"] = "jane.secret@",
        ["255 characters"] = new string('s', 64) + "@" + new string('d', 63) + "." + new string('e', 63) + "." + new string('f', 62),
        ["4 KB"] = new string('q', 2048) + "@" + new string('r', 2047) + ".org",
        ["lone surrogate"] = "\uD800@x.org",
        ["lone surrogate in a long local part"] = "jane\uDC00secret@x.org",
        ["control character"] = "jane\u0007secret@x.org",
        ["domain IDNA rejects"] = "jane.secret@bü\u00A0cher.example",
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Invalid_values_throw_a_message_without_the_value(string name)
    {
        var input = Cases[name];
        Assert.Equal(255, Cases["255 characters"].Length);
        using var pseudonymizer = Create();
        var error = Assert.Throws<PseudonymizationException>(() => pseudonymizer.Pseudonymize(input));
        Assert.StartsWith("The value is not a valid e-mail address: ", error.Message, StringComparison.Ordinal);
        var trimmed = input.Trim();
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        var localPart = at < 0 ? trimmed : trimmed[..at];
        if (trimmed.Length >= 3)
        {
            Assert.DoesNotContain(trimmed, error.Message, StringComparison.OrdinalIgnoreCase);
        }

        if (localPart.Length >= 3)
        {
            Assert.DoesNotContain(localPart, error.Message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Throws<PseudonymizationException>(() => pseudonymizer.TryPseudonymize(input, new char[EmailPseudonymizer.MaxOutputLength], out _));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Invalid_values_get_the_deterministic_token_of_their_raw_bytes_when_configured(string name)
    {
        var input = Cases[name];
        using var pseudonymizer = Create(EmailTokenFormat.TokenAtOriginalDomain, invalid: InvalidEmailHandling.TokenOfRawValue);
        var output = pseudonymizer.Pseudonymize(input);
        Assert.Equal(output, pseudonymizer.Pseudonymize(input));
        Assert.Equal("k1_" + Base32(KeyedBlake2b(RawBytes(input))) + "@pseudonymized.invalid", output);
    }

    [Fact]
    public void Raw_values_are_not_trimmed()
    {
        using var pseudonymizer = Create(EmailTokenFormat.TokenOnly, invalid: InvalidEmailHandling.TokenOfRawValue);
        Assert.NotEqual(pseudonymizer.Pseudonymize("jane"), pseudonymizer.Pseudonymize(" jane "));
    }

    [Fact]
    public void A_lone_surrogate_hashes_as_wtf8_in_both_overloads()
    {
        using var pseudonymizer = Create(invalid: InvalidEmailHandling.TokenOfRawValue);
        byte[] wtf8 = [0xED, 0xA0, 0x80, .. "@x.org"u8];
        Span<byte> output = stackalloc byte[EmailPseudonymizer.MaxOutputLength];
        Assert.True(pseudonymizer.TryPseudonymize(wtf8, output, out var written));
        Assert.Equal(pseudonymizer.Pseudonymize("\uD800@x.org"), Encoding.ASCII.GetString(output[..written]));
    }

    [Fact]
    public void Invalid_utf8_is_invalid_input()
    {
        byte[] invalid = [(byte)'j', 0xC3, (byte)'@', (byte)'x', (byte)'.', (byte)'o', (byte)'r', (byte)'g'];
        using var throwing = Create();
        var error = Assert.Throws<PseudonymizationException>(() => throwing.TryPseudonymize(invalid, new byte[EmailPseudonymizer.MaxOutputLength], out _));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        using var raw = Create(EmailTokenFormat.TokenOnly, invalid: InvalidEmailHandling.TokenOfRawValue);
        var output = new byte[EmailPseudonymizer.MaxOutputLength];
        Assert.True(raw.TryPseudonymize(invalid, output, out var written));
        Assert.Equal("k1_" + Base32(KeyedBlake2b(invalid)), Encoding.ASCII.GetString(output, 0, written));
    }

    private static byte[] RawBytes(string input) => input.Any(char.IsSurrogate) ? Wtf8Of(input) : Encoding.UTF8.GetBytes(input);

    // Independent WTF-8 encoder for the test strings: ASCII as one byte, an unpaired surrogate as the three bytes of its code unit.
    private static byte[] Wtf8Of(string input)
    {
        var bytes = new List<byte>();
        foreach (var c in input)
        {
            if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                Assert.True(c >= 0x800, "The test strings only hold ASCII and surrogates.");
                bytes.AddRange([(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))]);
            }
        }

        return [.. bytes];
    }

    internal static byte[] KeyedBlake2b(ReadOnlySpan<byte> data)
    {
        var algorithm = new Blake2bMac(32, 16);
        using var key = Key.Import(algorithm, KeyA, KeyBlobFormat.RawSymmetricKey);
        return algorithm.Mac(key, data);
    }

    // Independent RFC 4648 base32 (lower case, no padding) through a bit string.
    internal static string Base32(byte[] data)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var text = new StringBuilder();
        var bits = string.Concat(data.Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        for (var i = 0; i < bits.Length; i += 5)
        {
            text.Append(alphabet[Convert.ToInt32(bits.Substring(i, Math.Min(5, bits.Length - i)).PadRight(5, '0'), 2)]);
        }

        return text.ToString();
    }
}
