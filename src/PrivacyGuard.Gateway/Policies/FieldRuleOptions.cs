namespace PrivacyGuard.Gateway.Policies;

/// <summary>A body field rule: which JSON values (a selector) get which treatment.</summary>
public sealed class FieldRuleOptions
{
    /// <summary>The selector, in the documented JSONPath subset (<c>$.email</c>, <c>$.contacts[*].email</c>, <c>$..email</c>).</summary>
    public string? Path { get; set; }

    /// <summary>The category of the selected values; it picks the pseudonymizer (e-mail, IP address, other).</summary>
    public PersonalDataCategory Category { get; set; } = PersonalDataCategory.Other;

    /// <summary>Pseudonymize, Truncate, PrefixPreserving or Redact; Default takes the category's default.</summary>
    public Treatment Treatment { get; set; } = Treatment.Default;
}
