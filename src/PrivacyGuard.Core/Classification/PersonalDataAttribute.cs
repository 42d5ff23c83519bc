using Microsoft.Extensions.Compliance.Classification;

namespace PrivacyGuard;

/// <summary>
/// Marks a property, field or parameter as personal data of a <see cref="PersonalDataCategory"/>, optionally
/// with a <see cref="Treatment"/> other than the category's default.
/// </summary>
/// <remarks>
/// It derives from <see cref="DataClassificationAttribute"/> (taxonomy <see cref="TaxonomyName"/>, value = the
/// category name), so <c>Microsoft.Extensions.Compliance</c> log redaction recognizes it as is.
/// <c>Microsoft.AspNetCore.Identity</c> also defines a <c>PersonalDataAttribute</c>; a file that imports both
/// namespaces can alias this one: <c>using PersonalData = PrivacyGuard.PersonalDataAttribute;</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class PersonalDataAttribute : DataClassificationAttribute
{
    /// <summary>The data classification taxonomy PrivacyGuard's categories belong to.</summary>
    public const string TaxonomyName = "PrivacyGuard";

    /// <summary>Marks personal data of <paramref name="category"/> with the category's default treatment.</summary>
    public PersonalDataAttribute(PersonalDataCategory category)
        : base(Classify(category))
    {
        Category = category;
    }

    /// <summary>The category.</summary>
    public PersonalDataCategory Category { get; }

    /// <summary>Overrides the category's default treatment; <see cref="Treatment.Default"/> keeps it.</summary>
    public Treatment Treatment { get; set; }

    /// <summary>For encrypted values: also store a blind index so equality look-ups work.</summary>
    public bool Searchable { get; set; }

    /// <summary>The treatment that applies, default resolved.</summary>
    public Treatment EffectiveTreatment => TreatmentDefaults.Resolve(Category, Treatment);

    /// <summary>The <see cref="DataClassification"/> a category maps to.</summary>
    public static DataClassification Classify(PersonalDataCategory category) =>
        new(TaxonomyName, category.ToString());
}
