using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Options;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.AspNetCore.Logging.Redaction;

/// <summary>
/// Redacts <see cref="PersonalDataCategory.IpAddress"/> values with the IP pseudonymizer of the configured purpose (its
/// configured mode: truncation, prefix-preserving or token); a value that is not an address (or a missing key ring) gives
/// <c>[redacted:IpAddress]</c>. Works in stack buffers, with no heap allocation.
/// </summary>
internal sealed class IpAddressTokenRedactor(IPseudonymizerProvider pseudonymizers, IOptions<PrivacyGuardRedactionOptions> options) : Redactor
{
    private const int BufferLength = 128;
    private readonly ProcessingPurpose _purpose = options.Value.Purpose;

    // Resolved on first use and kept: the provider's look-up allocates, and it hands out one instance per scope anyway.
    private IpAddressPseudonymizer? _pseudonymizer;

    public override int GetRedactedLength(ReadOnlySpan<char> input)
    {
        Span<char> buffer = stackalloc char[BufferLength];
        return Write(input, buffer);
    }

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        Span<char> buffer = stackalloc char[BufferLength];
        return MarkerFallback.CopyOrThrow(buffer[..Write(source, buffer)], destination);
    }

    private int Write(ReadOnlySpan<char> source, Span<char> buffer)
    {
        try
        {
            if ((_pseudonymizer ??= pseudonymizers.GetIpAddressPseudonymizer(_purpose)).TryPseudonymize(source, buffer, out var written))
            {
                return written;
            }
        }
#pragma warning disable CA1031 // Fail closed: an invalid address or a missing key gives the marker, never the value.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return MarkerFallback.Write(PersonalDataCategory.IpAddress, buffer);
    }
}
