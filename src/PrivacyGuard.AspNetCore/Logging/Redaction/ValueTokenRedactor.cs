using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Options;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.AspNetCore.Logging.Redaction;

/// <summary>
/// Redacts names, user names and <see cref="PersonalDataCategory.Other"/> values to the keyed value token of the
/// configured purpose (fixed length, so <see cref="GetRedactedLength"/> computes nothing); ill-formed UTF-16 or a missing
/// key ring gives <c>[redacted:Other]</c>. <see cref="ValuePseudonymizer"/> takes strings only, so redacting allocates
/// the input copy and the token.
/// </summary>
internal sealed class ValueTokenRedactor(IPseudonymizerProvider pseudonymizers, IOptions<PrivacyGuardRedactionOptions> options) : Redactor
{
    private readonly ProcessingPurpose _purpose = options.Value.Purpose;

    // Resolved on first use and kept: the provider's look-up allocates, and it hands out one instance per scope anyway.
    private ValuePseudonymizer? _pseudonymizer;

    public override int GetRedactedLength(ReadOnlySpan<char> input) =>
        TryGetPseudonymizer() is { } pseudonymizer && IsWellFormed(input)
            ? pseudonymizer.TokenLength
            : RedactionMarker.For(PersonalDataCategory.Other).Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (TryGetPseudonymizer() is { } pseudonymizer && IsWellFormed(source))
        {
            return MarkerFallback.CopyOrThrow(pseudonymizer.Pseudonymize(source.ToString()), destination);
        }

        return MarkerFallback.Write(PersonalDataCategory.Other, destination);
    }

    private ValuePseudonymizer? TryGetPseudonymizer()
    {
        try
        {
            return (_pseudonymizer ??= pseudonymizers.GetValuePseudonymizer(_purpose));
        }
#pragma warning disable CA1031 // Fail closed: a missing key gives the marker, never the value.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    // The pseudonymizer refuses unpaired surrogates; checking first keeps the length and the output in step.
    private static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
