using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Gateway.Policies;

/// <summary>
/// A treatment applied to a whole header or query-string value, with the pseudonymizer its category calls for.
/// Immutable and thread-safe.
/// </summary>
internal sealed class ValueTreatment
{
    private readonly EmailPseudonymizer? _email;
    private readonly IpAddressPseudonymizer? _ip;
    private readonly ValuePseudonymizer? _value;

    private ValueTreatment(Treatment treatment, EmailPseudonymizer? email, IpAddressPseudonymizer? ip, ValuePseudonymizer? value)
    {
        Treatment = treatment;
        _email = email;
        _ip = ip;
        _value = value;
    }

    /// <summary>The treatment applied (never Default or Encrypt).</summary>
    public Treatment Treatment { get; }

    /// <summary>Whether the value is removed rather than rewritten.</summary>
    public bool Removes => Treatment == Treatment.Redact;

    /// <summary>The treatment of <paramref name="category"/> values under <paramref name="treatment"/> for <paramref name="purpose"/>.</summary>
    public static ValueTreatment Create(PersonalDataCategory category, Treatment treatment, ProcessingPurpose purpose, IPseudonymizerProvider pseudonymizers)
    {
        var effective = TreatmentDefaults.Resolve(category, treatment);
        return effective switch
        {
            Treatment.Redact => new ValueTreatment(effective, null, null, null),
            Treatment.Truncate => new ValueTreatment(effective, null, pseudonymizers.GetIpAddressPseudonymizer(purpose, IpPseudonymizationMode.Truncate), null),
            Treatment.PrefixPreserving => new ValueTreatment(effective, null, pseudonymizers.GetIpAddressPseudonymizer(purpose, IpPseudonymizationMode.PrefixPreserving), null),
            Treatment.Pseudonymize when category == PersonalDataCategory.Email => new ValueTreatment(effective, pseudonymizers.GetEmailPseudonymizer(purpose), null, null),
            Treatment.Pseudonymize when category == PersonalDataCategory.IpAddress => new ValueTreatment(effective, null, pseudonymizers.GetIpAddressPseudonymizer(purpose, IpPseudonymizationMode.Token), null),
            Treatment.Pseudonymize => new ValueTreatment(effective, null, null, pseudonymizers.GetValuePseudonymizer(purpose)),
            _ => throw new ArgumentOutOfRangeException(nameof(treatment), effective, "Only Pseudonymize, Truncate, PrefixPreserving and Redact apply to proxied values."),
        };
    }

    /// <summary>
    /// The treated form of <paramref name="value"/>. Values the pseudonymizer cannot take follow its configured invalid-input
    /// handling (a marker, or a <see cref="PseudonymizationException"/> that the caller turns into a refusal).
    /// </summary>
    public string Apply(string value)
    {
        if (_email is not null)
        {
            return _email.Pseudonymize(value);
        }

        if (_ip is not null)
        {
            return _ip.Pseudonymize(value);
        }

        if (_value is not null)
        {
            return _value.Pseudonymize(value);
        }

        throw new InvalidOperationException("A redacting treatment removes values; it does not rewrite them.");
    }
}
