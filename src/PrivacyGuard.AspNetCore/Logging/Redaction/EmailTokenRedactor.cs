using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Options;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.AspNetCore.Logging.Redaction;

/// <summary>
/// Redacts <see cref="PersonalDataCategory.Email"/> values to the keyed e-mail token of the configured purpose; a value
/// that is not an address (or a missing key ring) gives <c>[redacted:Email]</c>. Works in stack buffers: the token is
/// computed once for the length and once into the destination, with no heap allocation.
/// </summary>
internal sealed class EmailTokenRedactor(IPseudonymizerProvider pseudonymizers, IOptions<PrivacyGuardRedactionOptions> options) : Redactor
{
    private readonly ProcessingPurpose _purpose = options.Value.Purpose;

    // Resolved on first use and kept: the provider's look-up allocates, and it hands out one instance per scope anyway.
    private EmailPseudonymizer? _pseudonymizer;

    public override int GetRedactedLength(ReadOnlySpan<char> input)
    {
        Span<char> buffer = stackalloc char[EmailPseudonymizer.MaxOutputLength];
        return Write(input, buffer);
    }

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (destination.Length >= EmailPseudonymizer.MaxOutputLength)
        {
            return Write(source, destination);
        }

        Span<char> buffer = stackalloc char[EmailPseudonymizer.MaxOutputLength];
        return MarkerFallback.CopyOrThrow(buffer[..Write(source, buffer)], destination);
    }

    private int Write(ReadOnlySpan<char> source, Span<char> buffer)
    {
        try
        {
            if ((_pseudonymizer ??= pseudonymizers.GetEmailPseudonymizer(_purpose)).TryPseudonymize(source, buffer, out var written))
            {
                return written;
            }
        }
#pragma warning disable CA1031 // Fail closed: an invalid address or a missing key gives the marker, never the value.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return MarkerFallback.Write(PersonalDataCategory.Email, buffer);
    }
}
