namespace PrivacyGuard.AspNetCore.Logging;

/// <summary>
/// Options of PrivacyGuard's Serilog destructuring policy and enricher (<c>Destructure.WithPrivacyGuard()</c>,
/// <c>Enrich.WithPrivacyGuard()</c>).
/// </summary>
public sealed class PrivacyGuardLoggingOptions
{
    /// <summary>
    /// When set, e-mail addresses, IP addresses, names, user names and <see cref="PersonalDataCategory.Other"/> values
    /// are replaced by keyed tokens (equal values give equal tokens, so log lines still correlate); free text and
    /// account settings are always replaced by a <see cref="RedactionMarker"/>. When null (the default), every personal
    /// value becomes its category's <see cref="RedactionMarker"/>.
    /// </summary>
    public IPseudonymizerProvider? Pseudonymizers { get; set; }

    /// <summary>The purpose whose pseudonymization keys the tokens come from. Default: <see cref="ProcessingPurpose.Security"/>.</summary>
    public ProcessingPurpose Purpose { get; set; } = ProcessingPurpose.Security;

    /// <summary>
    /// Names of log event properties (compared ignoring case) whose values are personal data wherever they appear, as
    /// top-level properties or inside structures, with the category that decides their replacement. Used by the enricher
    /// for values that arrive as scalars, where no <see cref="PersonalDataAttribute"/> can be seen.
    /// </summary>
    public IDictionary<string, PersonalDataCategory> PersonalPropertyNames { get; } =
        new Dictionary<string, PersonalDataCategory>(StringComparer.OrdinalIgnoreCase)
        {
            ["Email"] = PersonalDataCategory.Email,
            ["EmailAddress"] = PersonalDataCategory.Email,
            ["ClientIp"] = PersonalDataCategory.IpAddress,
            ["ClientIpAddress"] = PersonalDataCategory.IpAddress,
            ["IpAddress"] = PersonalDataCategory.IpAddress,
            ["RemoteIpAddress"] = PersonalDataCategory.IpAddress,
            ["UserName"] = PersonalDataCategory.UserName,
            ["FullName"] = PersonalDataCategory.Name,
        };

    internal void Validate()
    {
        foreach (var (name, category) in PersonalPropertyNames)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new InvalidOperationException($"{nameof(PrivacyGuardLoggingOptions)}.{nameof(PersonalPropertyNames)} holds an empty property name.");
            }

            if (!Enum.IsDefined(category))
            {
                throw new InvalidOperationException($"{nameof(PrivacyGuardLoggingOptions)}.{nameof(PersonalPropertyNames)} maps a property to an undefined category ({(int)category}).");
            }
        }
    }
}
