namespace PrivacyGuard.Gateway.Policies;

/// <summary>A header or query-string rule: a named value and its treatment.</summary>
public sealed class ValueRuleOptions
{
    /// <summary>The header or query parameter name (case-insensitive).</summary>
    public string? Name { get; set; }

    /// <summary>The category of the value; it picks the pseudonymizer (e-mail, IP address, other).</summary>
    public PersonalDataCategory Category { get; set; } = PersonalDataCategory.Other;

    /// <summary>
    /// Pseudonymize, Truncate or PrefixPreserving rewrite the value; Redact removes the header or parameter; Default
    /// takes the category's default.
    /// </summary>
    public Treatment Treatment { get; set; } = Treatment.Default;
}
