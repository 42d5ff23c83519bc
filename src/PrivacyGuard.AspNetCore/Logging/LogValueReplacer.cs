using System.Collections.Frozen;
using System.Net;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.AspNetCore.Logging;

/// <summary>
/// Turns a personal value into what a log may carry: a keyed token when a pseudonymizer provider is configured and the
/// category has one, otherwise the category's <see cref="RedactionMarker"/>. Never returns the value; any failure of
/// the pseudonymizer (invalid input, missing key ring) gives the marker.
/// </summary>
internal sealed class LogValueReplacer
{
    private readonly IPseudonymizerProvider? _pseudonymizers;
    private readonly ProcessingPurpose _purpose;

    // Resolved on first use and kept: the provider's look-up allocates, and it hands out one instance per scope anyway.
    private EmailPseudonymizer? _email;
    private IpAddressPseudonymizer? _ipAddress;
    private ValuePseudonymizer? _value;

    public LogValueReplacer(PrivacyGuardLoggingOptions options)
    {
        options.Validate();
        _pseudonymizers = options.Pseudonymizers;
        _purpose = options.Purpose;
        PersonalPropertyNames = options.PersonalPropertyNames.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Property names treated as personal wherever they occur.</summary>
    public FrozenDictionary<string, PersonalDataCategory> PersonalPropertyNames { get; }

    /// <summary>The replacement of <paramref name="value"/> of <paramref name="category"/>.</summary>
    public string Replace(PersonalDataCategory category, object? value)
    {
        if (value is null)
        {
            return RedactionMarker.For(category);
        }

        if (_pseudonymizers is null)
        {
            return RedactionMarker.For(category);
        }

        try
        {
            return (category, value) switch
            {
                (PersonalDataCategory.Email, string email) => (_email ??= _pseudonymizers.GetEmailPseudonymizer(_purpose)).Pseudonymize(email),
                (PersonalDataCategory.IpAddress, string address) => (_ipAddress ??= _pseudonymizers.GetIpAddressPseudonymizer(_purpose)).Pseudonymize(address),
                (PersonalDataCategory.IpAddress, IPAddress address) => (_ipAddress ??= _pseudonymizers.GetIpAddressPseudonymizer(_purpose)).Pseudonymize(address).ToString(),
                (PersonalDataCategory.Name or PersonalDataCategory.UserName or PersonalDataCategory.Other, string text) =>
                    (_value ??= _pseudonymizers.GetValuePseudonymizer(_purpose)).Pseudonymize(text),
                _ => RedactionMarker.For(category),
            };
        }
#pragma warning disable CA1031 // Fail closed: a log line must never fail, nor carry the value, because pseudonymizing failed.
        catch (Exception)
#pragma warning restore CA1031
        {
            return RedactionMarker.For(category);
        }
    }
}
