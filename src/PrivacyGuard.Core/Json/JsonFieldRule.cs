namespace PrivacyGuard.Json;

/// <summary>Which values of a JSON document to replace (<see cref="Selector"/>) and how (<see cref="Treatment"/>).</summary>
/// <remarks>
/// <para>
/// <see cref="Treatment.Pseudonymize"/> uses the e-mail pseudonymizer for <see cref="PersonalDataCategory.Email"/>, the
/// IP pseudonymizer in token mode for <see cref="PersonalDataCategory.IpAddress"/>, and the value pseudonymizer for any
/// other category. <see cref="Treatment.Truncate"/> and <see cref="Treatment.PrefixPreserving"/> treat the value as an
/// IP address. <see cref="Treatment.Redact"/> replaces the value, whatever its type, with <c>null</c>.
/// <see cref="Treatment.Default"/> resolves to the category's default (<see cref="TreatmentDefaults"/>);
/// <see cref="Treatment.Encrypt"/> is not supported in JSON bodies and is refused when the rewriter is created.
/// </para>
/// </remarks>
public sealed class JsonFieldRule
{
    /// <summary>Creates a rule.</summary>
    /// <param name="selector">The selector, see <see cref="JsonSelector"/>.</param>
    /// <param name="treatment">What replaces a selected value.</param>
    /// <param name="category">What kind of personal data the selected values hold.</param>
    /// <exception cref="FormatException">The selector is invalid.</exception>
    public JsonFieldRule(string selector, Treatment treatment, PersonalDataCategory category = PersonalDataCategory.Other)
        : this(JsonSelector.Parse(selector), treatment, category)
    {
    }

    /// <summary>Creates a rule from a parsed selector.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An enum value is undefined.</exception>
    public JsonFieldRule(JsonSelector selector, Treatment treatment, PersonalDataCategory category = PersonalDataCategory.Other)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (!Enum.IsDefined(treatment))
        {
            throw new ArgumentOutOfRangeException(nameof(treatment), treatment, "Unknown treatment.");
        }

        if (!Enum.IsDefined(category))
        {
            throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown personal data category.");
        }

        Selector = selector;
        Treatment = treatment;
        Category = category;
    }

    /// <summary>The values the rule applies to.</summary>
    public JsonSelector Selector { get; }

    /// <summary>What replaces a selected value.</summary>
    public Treatment Treatment { get; }

    /// <summary>What kind of personal data the selected values hold.</summary>
    public PersonalDataCategory Category { get; }

    /// <summary>A rule that pseudonymizes the values at <paramref name="selector"/>.</summary>
    public static JsonFieldRule Pseudonymize(string selector, PersonalDataCategory category) => new(selector, Treatment.Pseudonymize, category);

    /// <summary>A rule that replaces the values at <paramref name="selector"/> with <c>null</c>.</summary>
    public static JsonFieldRule Redact(string selector) => new(selector, Treatment.Redact);

    /// <summary>Describes the rule (selector, treatment, category); it holds no personal data.</summary>
    public override string ToString() => $"{Selector.Text} → {Treatment} ({Category})";
}
