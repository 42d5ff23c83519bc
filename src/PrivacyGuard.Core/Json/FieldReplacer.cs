using System.Buffers;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Json;

/// <summary>One rule's treatment, resolved to the pseudonymizer that applies it.</summary>
internal sealed class FieldReplacer
{
    /// <summary>Room for any replacement: the longest e-mail pseudonym is the longest output of all pseudonymizers.</summary>
    public const int MaxReplacementLength = 512;

    // Bytes a replacement may hold so that it can be written between quotes without escaping.
    private static readonly SearchValues<byte> JsonSafeAscii = SearchValues.Create(
        "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~ "u8);

    private readonly EmailPseudonymizer? _email;
    private readonly IpAddressPseudonymizer? _ip;
    private readonly ValuePseudonymizer? _value;

    private FieldReplacer(bool redact, EmailPseudonymizer? email, IpAddressPseudonymizer? ip, ValuePseudonymizer? value)
    {
        IsRedact = redact;
        _email = email;
        _ip = ip;
        _value = value;
    }

    public bool IsRedact { get; }

    public static FieldReplacer Create(JsonFieldRule rule, IPseudonymizerProvider provider, ProcessingPurpose purpose) =>
        TreatmentDefaults.Resolve(rule.Category, rule.Treatment) switch
        {
            Treatment.Redact => new FieldReplacer(true, null, null, null),
            Treatment.Truncate => new FieldReplacer(false, null, provider.GetIpAddressPseudonymizer(purpose, IpPseudonymizationMode.Truncate), null),
            Treatment.PrefixPreserving => new FieldReplacer(false, null, provider.GetIpAddressPseudonymizer(purpose, IpPseudonymizationMode.PrefixPreserving), null),
            Treatment.Pseudonymize => rule.Category switch
            {
                PersonalDataCategory.Email => new FieldReplacer(false, provider.GetEmailPseudonymizer(purpose), null, null),
                PersonalDataCategory.IpAddress => new FieldReplacer(false, null, provider.GetIpAddressPseudonymizer(purpose, IpPseudonymizationMode.Token), null),
                _ => new FieldReplacer(false, null, null, provider.GetValuePseudonymizer(purpose)),
            },
            var other => throw new ArgumentException(
                $"The rule for '{rule.Selector.Text}' resolves to {other}, which JSON rewriting does not support; use Pseudonymize, Truncate, PrefixPreserving or Redact.",
                nameof(rule)),
        };

    /// <summary>Whether the treatment hashes the value (a token), so the hash can wait for lane hashing.</summary>
    public bool Hashes => _email is not null || _value is not null;

    /// <summary>
    /// Writes the replacement of the unescaped UTF-8 value; false when the value cannot take the treatment.
    /// The replacement is JSON-safe ASCII that needs no escaping. With <paramref name="deferred"/>, a token's hash may be
    /// left to it: <paramref name="hashAt"/> is then where in <paramref name="destination"/> its characters go, else -1.
    /// </summary>
    /// <exception cref="PseudonymizationException">The pseudonymizer refuses the value.</exception>
    public bool TryReplace(ReadOnlySpan<byte> value, Span<byte> destination, DeferredHashes? deferred, out int written, out int hashAt)
    {
        bool ok;
        hashAt = -1;
        if (IsPseudonym(value))
        {
            // Already a token of this kind and key (a client sending back what it was given): kept, not tokenized again.
            written = value.Length;
            return value.TryCopyTo(destination);
        }

        if (_email is not null)
        {
            ok = _email.TryPseudonymize(value, destination, deferred, out written, out hashAt);
        }
        else if (_ip is not null)
        {
            ok = _ip.TryPseudonymize(value, destination, out written);
        }
        else
        {
            // The caller has checked the value is valid UTF-8.
            ok = _value!.TryPseudonymizeValidUtf8(value, destination, deferred, out written, out hashAt);
        }

        return ok && !destination[..written].ContainsAnyExcept(JsonSafeAscii);
    }

    private bool IsPseudonym(ReadOnlySpan<byte> value) =>
        _email is not null ? _email.IsPseudonym(value)
        : _ip is not null ? _ip.IsPseudonym(value)
        : _value is not null && _value.IsPseudonym(value);
}
