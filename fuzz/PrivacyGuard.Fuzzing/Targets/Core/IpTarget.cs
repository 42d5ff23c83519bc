using System.Net;
using System.Net.Sockets;
using System.Text;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Fuzzing;

/// <summary>
/// IP address parser and pseudonymizer in its three modes. Invariants: with invalid input throwing, the only exception
/// is <see cref="PseudonymizationException"/>; with <see cref="InvalidIpHandling.Unspecified"/> nothing throws and
/// rejected input gives <c>0.0.0.0</c>; the UTF-8 and UTF-16 overloads agree; output is ASCII within
/// <see cref="IpAddressPseudonymizer.MaxOutputLength"/>; truncation and prefix-preserving output is an address of the
/// input's family, and truncation is idempotent on both the text and the binary path; a too-small destination gives false.
/// </summary>
internal static class IpTarget
{
    private static readonly IpAddressPseudonymizer Truncate = Create(IpPseudonymizationMode.Truncate, InvalidIpHandling.Throw);
    private static readonly IpAddressPseudonymizer PrefixPreserving = Create(IpPseudonymizationMode.PrefixPreserving, InvalidIpHandling.Unspecified);
    private static readonly IpAddressPseudonymizer Token = Create(IpPseudonymizationMode.Token, InvalidIpHandling.Throw);

    public static void Run(ReadOnlySpan<byte> data)
    {
        // Lossy decoding on purpose: non-ASCII text must be rejected by both overloads alike.
        var text = Encoding.UTF8.GetString(data);

        var truncated = Check(Truncate, data, text);
        if (truncated is not null)
        {
            var address = ParseOutput(truncated, "truncation output is an IP address");
            FuzzAssert.Equal(truncated, FromUtf16(Truncate, truncated), "truncating a truncated address changes nothing (text)");
            FuzzAssert.Equal(address, Truncate.Pseudonymize(address), "truncating a truncated address changes nothing (binary)");
        }

        var preserved = Check(PrefixPreserving, data, text);
        FuzzAssert.True(preserved is not null, "unspecified-on-invalid never rejects");
        var mapped = ParseOutput(preserved!, "prefix-preserving output is an IP address");
        if (truncated is not null)
        {
            // Both modes accept the same inputs and keep the family (IPv4-mapped IPv6 counts as IPv4).
            var family = IPAddress.Parse(truncated).AddressFamily;
            FuzzAssert.Equal(family, mapped.AddressFamily, "prefix-preserving keeps the address family");
        }

        var token = Check(Token, data, text);
        FuzzAssert.Equal(truncated is null, token is null, "token and truncation modes accept the same inputs");
        if (token is not null)
        {
            FuzzAssert.True(token.StartsWith(FuzzKeys.KeyId + "_", StringComparison.Ordinal) && token.Length == Token.MaxOutputLength, "a token is the key id and a fixed-length hash");
        }
    }

    private static IpAddressPseudonymizer Create(IpPseudonymizationMode mode, InvalidIpHandling invalid) =>
        new(FuzzKeys.KeyId, FuzzKeys.Bytes(1), FuzzKeys.Bytes(33), new IpPseudonymizerOptions { Mode = mode, InvalidInput = invalid });

    private static IPAddress ParseOutput(string output, string invariant)
    {
        FuzzAssert.True(IPAddress.TryParse(output, out var address), invariant);
        FuzzAssert.True(address!.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6, invariant);
        return address;
    }

    private static string? Check(IpAddressPseudonymizer pseudonymizer, ReadOnlySpan<byte> data, string text)
    {
        var fromUtf8 = FromUtf8(pseudonymizer, data);
        var fromUtf16 = FromUtf16(pseudonymizer, text);
        FuzzAssert.Equal(fromUtf8, fromUtf16, $"the UTF-8 and UTF-16 overloads agree ({pseudonymizer.Mode})");
        return fromUtf16;
    }

    private static string? FromUtf16(IpAddressPseudonymizer pseudonymizer, string text)
    {
        Span<char> output = stackalloc char[pseudonymizer.MaxOutputLength];
        try
        {
            FuzzAssert.True(pseudonymizer.TryPseudonymize(text, output, out var written), "a MaxOutputLength destination always fits (UTF-16)");
            FuzzAssert.True(written > 0 && Ascii.IsValid(output[..written]), "output is non-empty ASCII (UTF-16)");
            FuzzAssert.True(!pseudonymizer.TryPseudonymize(text, output[..(written - 1)], out var none) && none == 0, "a too-small destination gives false and writes nothing (UTF-16)");
            var result = new string(output[..written]);
            FuzzAssert.Equal(result, pseudonymizer.Pseudonymize(text), "Pseudonymize(string) equals the span overload");
            return result;
        }
        catch (PseudonymizationException) when (pseudonymizer.Mode != IpPseudonymizationMode.PrefixPreserving)
        {
            return null;
        }
    }

    private static string? FromUtf8(IpAddressPseudonymizer pseudonymizer, ReadOnlySpan<byte> data)
    {
        Span<byte> output = stackalloc byte[pseudonymizer.MaxOutputLength];
        try
        {
            FuzzAssert.True(pseudonymizer.TryPseudonymize(data, output, out var written), "a MaxOutputLength destination always fits (UTF-8)");
            FuzzAssert.True(written > 0 && Ascii.IsValid(output[..written]), "output is non-empty ASCII (UTF-8)");
            FuzzAssert.True(!pseudonymizer.TryPseudonymize(data, output[..(written - 1)], out var none) && none == 0, "a too-small destination gives false and writes nothing (UTF-8)");
            return Encoding.ASCII.GetString(output[..written]);
        }
        catch (PseudonymizationException) when (pseudonymizer.Mode != IpPseudonymizationMode.PrefixPreserving)
        {
            return null;
        }
    }
}
