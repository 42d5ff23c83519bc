using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrivacyGuard;
using PrivacyGuard.EntityFrameworkCore;

namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Fluent classification of personal data, the counterpart of <see cref="PersonalDataAttribute"/> and
/// <see cref="DataSubjectIdAttribute"/>. A fluent classification replaces the attribute's on the same property. Works on
/// entity types, owned types (<c>OwnsOne(c =&gt; c.Home, h =&gt; h.Property(a =&gt; a.Street).IsPersonalData(...))</c>,
/// <c>OwnsMany</c>) and complex types (<c>ComplexProperty(c =&gt; c.Contact, b =&gt; b.Property(x =&gt; x.FullName).IsPersonalData(...))</c>).
/// </summary>
public static class PersonalDataPropertyBuilderExtensions
{
    /// <summary>Classifies the property as personal data.</summary>
    /// <param name="builder">The property.</param>
    /// <param name="category">What kind of personal data it holds.</param>
    /// <param name="treatment">How it is protected at rest; <see cref="Treatment.Default"/> uses the category's default.</param>
    /// <param name="searchable">For an encrypted property: also store a blind index so equality look-ups work.</param>
    /// <returns>The same builder.</returns>
    public static PropertyBuilder IsPersonalData(this PropertyBuilder builder, PersonalDataCategory category, Treatment treatment = Treatment.Default, bool searchable = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .HasAnnotation(PrivacyGuardAnnotationNames.Category, category)
            .HasAnnotation(PrivacyGuardAnnotationNames.Treatment, TreatmentDefaults.Resolve(category, treatment))
            .HasAnnotation(PrivacyGuardAnnotationNames.Searchable, searchable);
    }

    /// <summary>Classifies the property as personal data.</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="builder">The property.</param>
    /// <param name="category">What kind of personal data it holds.</param>
    /// <param name="treatment">How it is protected at rest; <see cref="Treatment.Default"/> uses the category's default.</param>
    /// <param name="searchable">For an encrypted property: also store a blind index so equality look-ups work.</param>
    /// <returns>The same builder.</returns>
    public static PropertyBuilder<TProperty> IsPersonalData<TProperty>(this PropertyBuilder<TProperty> builder, PersonalDataCategory category, Treatment treatment = Treatment.Default, bool searchable = false) =>
        (PropertyBuilder<TProperty>)IsPersonalData((PropertyBuilder)builder, category, treatment, searchable);

    /// <summary>Marks the property whose value identifies the data subject of the entity (it selects the subject's key).</summary>
    /// <param name="builder">The property.</param>
    /// <returns>The same builder.</returns>
    public static PropertyBuilder IsDataSubjectId(this PropertyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.HasAnnotation(PrivacyGuardAnnotationNames.SubjectId, true);
    }

    /// <summary>Marks the property whose value identifies the data subject of the entity (it selects the subject's key).</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="builder">The property.</param>
    /// <returns>The same builder.</returns>
    public static PropertyBuilder<TProperty> IsDataSubjectId<TProperty>(this PropertyBuilder<TProperty> builder) =>
        (PropertyBuilder<TProperty>)IsDataSubjectId((PropertyBuilder)builder);

    /// <summary>Classifies a property of a complex type as personal data.</summary>
    /// <param name="builder">The property, e.g. from <c>ComplexProperty(c =&gt; c.Address, a =&gt; a.Property(x =&gt; x.Street))</c>.</param>
    /// <param name="category">What kind of personal data it holds.</param>
    /// <param name="treatment">How it is protected at rest; <see cref="Treatment.Default"/> uses the category's default.</param>
    /// <param name="searchable">For an encrypted property: also store a blind index so equality look-ups work.</param>
    /// <returns>The same builder.</returns>
    public static ComplexTypePropertyBuilder IsPersonalData(this ComplexTypePropertyBuilder builder, PersonalDataCategory category, Treatment treatment = Treatment.Default, bool searchable = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .HasAnnotation(PrivacyGuardAnnotationNames.Category, category)
            .HasAnnotation(PrivacyGuardAnnotationNames.Treatment, TreatmentDefaults.Resolve(category, treatment))
            .HasAnnotation(PrivacyGuardAnnotationNames.Searchable, searchable);
    }

    /// <summary>Classifies a property of a complex type as personal data.</summary>
    /// <typeparam name="TProperty">The property type.</typeparam>
    /// <param name="builder">The property, e.g. from <c>ComplexProperty(c =&gt; c.Address, a =&gt; a.Property(x =&gt; x.Street))</c>.</param>
    /// <param name="category">What kind of personal data it holds.</param>
    /// <param name="treatment">How it is protected at rest; <see cref="Treatment.Default"/> uses the category's default.</param>
    /// <param name="searchable">For an encrypted property: also store a blind index so equality look-ups work.</param>
    /// <returns>The same builder.</returns>
    public static ComplexTypePropertyBuilder<TProperty> IsPersonalData<TProperty>(this ComplexTypePropertyBuilder<TProperty> builder, PersonalDataCategory category, Treatment treatment = Treatment.Default, bool searchable = false) =>
        (ComplexTypePropertyBuilder<TProperty>)IsPersonalData((ComplexTypePropertyBuilder)builder, category, treatment, searchable);
}
