using System.Buffers;
using System.Text;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Fuzzing;

/// <summary>
/// E-mail canonicalizer and pseudonymizer. Invariants: with invalid input throwing, the only exception is
/// <see cref="PseudonymizationException"/>; with <see cref="InvalidEmailHandling.TokenOfRawValue"/> nothing throws;
/// output is ASCII, within <see cref="EmailPseudonymizer.MaxOutputLength"/> and of the configured shape; the UTF-8 and
/// UTF-16 overloads agree (same accept/reject, same token) on well-formed UTF-8; a too-small destination gives false.
/// </summary>
internal static class EmailTarget
{
    private const int TokenLength = 3 + 26;

    // Folding case, plus-tag kept: the UTF-16 overload takes its ASCII fast path, the UTF-8 one the canonical path.
    private static readonly EmailPseudonymizer Strict = new(FuzzKeys.KeyId, FuzzKeys.Bytes(1), new EmailPseudonymizerOptions());

    private static readonly EmailPseudonymizer StrictPlusTag = new(
        FuzzKeys.KeyId, FuzzKeys.Bytes(1), new EmailPseudonymizerOptions { RemovePlusTag = true, FoldLocalPartCase = false, Format = EmailTokenFormat.TokenAtOriginalDomain });

    private static readonly EmailPseudonymizer Lenient = new(
        FuzzKeys.KeyId, FuzzKeys.Bytes(1), new EmailPseudonymizerOptions { InvalidInput = InvalidEmailHandling.TokenOfRawValue, Format = EmailTokenFormat.TokenOnly });

    private static readonly SearchValues<char> LabelChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");
    private static readonly SearchValues<char> Base32Chars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz234567");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Run(ReadOnlySpan<byte> data)
    {
        string? text = null;
        try
        {
            text = StrictUtf8.GetString(data);
        }
        catch (ArgumentException)
        {
            // Not well-formed UTF-8: only the UTF-8 overloads can see it.
        }

        Check(Strict, data, text);
        Check(StrictPlusTag, data, text);
        Check(Lenient, data, text);
    }

    private static void Check(EmailPseudonymizer pseudonymizer, ReadOnlySpan<byte> data, string? text)
    {
        var fromUtf8 = FromUtf8(pseudonymizer, data);
        var lenient = ReferenceEquals(pseudonymizer, Lenient);
        FuzzAssert.True(!lenient || fromUtf8 is not null, "token-of-raw-value never rejects UTF-8 input");
        if (fromUtf8 is not null)
        {
            CheckShape(pseudonymizer, fromUtf8);
        }

        if (text is null)
        {
            return;
        }

        var fromUtf16 = FromUtf16(pseudonymizer, text);
        FuzzAssert.Equal(fromUtf8, fromUtf16, "the UTF-8 and UTF-16 overloads give the same token");
    }

    private static string? FromUtf8(EmailPseudonymizer pseudonymizer, ReadOnlySpan<byte> data)
    {
        Span<byte> output = stackalloc byte[EmailPseudonymizer.MaxOutputLength];
        try
        {
            FuzzAssert.True(pseudonymizer.TryPseudonymize(data, output, out var written), "a MaxOutputLength destination always fits (UTF-8)");
            FuzzAssert.True(written > 0 && written <= EmailPseudonymizer.MaxOutputLength, "UTF-8 output length within bounds");
            FuzzAssert.True(!pseudonymizer.TryPseudonymize(data, output[..(written - 1)], out var none) && none == 0, "a too-small destination gives false and writes nothing (UTF-8)");
            FuzzAssert.True(Ascii.IsValid(output[..written]), "UTF-8 output is ASCII");
            return Encoding.ASCII.GetString(output[..written]);
        }
        catch (PseudonymizationException) when (!ReferenceEquals(pseudonymizer, Lenient))
        {
            return null;
        }
    }

    private static string? FromUtf16(EmailPseudonymizer pseudonymizer, string text)
    {
        Span<char> output = stackalloc char[EmailPseudonymizer.MaxOutputLength];
        try
        {
            FuzzAssert.True(pseudonymizer.TryPseudonymize(text, output, out var written), "a MaxOutputLength destination always fits (UTF-16)");
            FuzzAssert.True(!pseudonymizer.TryPseudonymize(text, output[..(written - 1)], out var none) && none == 0, "a too-small destination gives false and writes nothing (UTF-16)");
            var result = new string(output[..written]);
            FuzzAssert.Equal(result, pseudonymizer.Pseudonymize(text), "Pseudonymize(string) equals the span overload");
            return result;
        }
        catch (PseudonymizationException) when (!ReferenceEquals(pseudonymizer, Lenient))
        {
            return null;
        }
    }

    private static void CheckShape(EmailPseudonymizer pseudonymizer, string output)
    {
        FuzzAssert.True(output.StartsWith(FuzzKeys.KeyId + "_", StringComparison.Ordinal), "token starts with the key id");
        FuzzAssert.True(output.Length >= TokenLength && IsBase32(output.AsSpan(3, 26)), "token body is 26 base32 characters");
        var rest = output.AsSpan(TokenLength);
        switch (pseudonymizer.Format)
        {
            case EmailTokenFormat.TokenOnly:
                FuzzAssert.True(rest.IsEmpty, "token-only output has no domain");
                break;
            case EmailTokenFormat.TokenAtPseudonymizedDomain:
                FuzzAssert.True(rest.SequenceEqual("@" + EmailPseudonymizer.PseudonymizedDomain), "output ends at the pseudonymized domain");
                break;
            default:
                FuzzAssert.True(rest.Length >= 2 && rest[0] == '@' && rest.Length - 1 <= 253, "output keeps a domain of 1 to 253 characters");
                var domain = rest[1..];
                FuzzAssert.True(IsHostName(domain), "the kept domain is a lower-case ASCII host name");
                break;
        }
    }

    private static bool IsHostName(ReadOnlySpan<char> domain)
    {
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-' || label.ContainsAnyExcept(LabelChars))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBase32(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(Base32Chars);
}
