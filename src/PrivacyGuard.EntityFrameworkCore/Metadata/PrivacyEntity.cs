using System.Collections.Frozen;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Metadata;

/// <summary>
/// The personal-data properties of one entity type (its own and those inside its complex properties) and where its data
/// subject id lives: on the entity itself, or, for an owned type, on the owner at the root of its ownership chain.
/// </summary>
internal sealed class PrivacyEntity
{
    private PrivacyEntity(IEntityType entityType, PrivacyPlace place, IProperty? subjectId, PrivacyProperty[] properties)
    {
        EntityType = entityType;
        Place = place;
        Name = place.NameOf(entityType);
        SubjectId = subjectId;
        Properties = properties;
        Encrypted = [.. properties.Where(p => p.Treatment == Treatment.Encrypt)];
        Categories = [.. properties.Select(p => p.Category).Distinct().Order()];
        if (properties.All(p => p.ComplexPath.Count == 0 && (int)p.Category is >= 0 and < 64))
        {
            CategoryMask = properties.Aggregate(0UL, (mask, p) => mask | (1UL << (int)p.Category));
        }
        ByName = properties.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public IEntityType EntityType { get; }

    /// <summary>For an owned type, its root owner and navigation path; default for a non-owned type.</summary>
    public PrivacyPlace Place { get; }

    /// <summary>True when the subject id is the root owner's (an owned type), not a property of this entity type.</summary>
    public bool IsOwned => Place.Root is not null;

    /// <summary>The entity's name in messages and access events: <c>Customer</c>, or <c>Customer.Address</c> for an owned type.</summary>
    public string Name { get; }

    /// <summary>The subject id property: this entity type's, or the root owner's for an owned type.</summary>
    public IProperty? SubjectId { get; }

    /// <summary>The entity that declares <see cref="SubjectId"/>, for messages.</summary>
    public string SubjectEntityName => Place.RootEntityName ?? Name;

    public IReadOnlyList<PrivacyProperty> Properties { get; }

    public IReadOnlyList<PrivacyProperty> Encrypted { get; }

    /// <summary>The categories of <see cref="Properties"/>, each once, in ascending order (as a read event names them).</summary>
    public IReadOnlyList<PersonalDataCategory> Categories { get; }

    /// <summary>
    /// <see cref="Categories"/> as a bit per category, when every property is the entity's own (none inside a complex
    /// property, which may be null) and every category is below 64; otherwise 0.
    /// </summary>
    public ulong CategoryMask { get; }

    /// <summary>The properties by <see cref="PrivacyProperty.Name"/> (<c>Email</c>, <c>Address.Street</c>).</summary>
    public FrozenDictionary<string, PrivacyProperty> ByName { get; }

    public static PrivacyEntity? Create(IEntityType entityType)
    {
        var place = PrivacyPlace.Of(entityType);
        var properties = new List<PrivacyProperty>();
        IProperty? subjectId = null;
        foreach (var property in entityType.GetProperties())
        {
            if (PersonalDataAnnotations.IsSubjectId(property))
            {
                subjectId = property;
            }

            Add(entityType, property, [], place, properties);
        }

        foreach (var complexProperty in entityType.GetComplexProperties())
        {
            AddComplex(entityType, complexProperty, [], place, properties);
        }

        if (place.Root is IEntityType root)
        {
            subjectId = root.GetProperties().FirstOrDefault(PersonalDataAnnotations.IsSubjectId);
        }

        return properties.Count == 0 ? null : new PrivacyEntity(entityType, place, subjectId, [.. properties]);
    }

    /// <summary>The name of the shadow property holding the blind index of the property at <paramref name="path"/> (dots become underscores).</summary>
    public static string BlindIndexName(string path) => path.Replace('.', '_') + PrivacyGuardAnnotationNames.BlindIndexSuffix;

    private static void AddComplex(IEntityType entityType, IComplexProperty complexProperty, IComplexProperty[] path, PrivacyPlace place, List<PrivacyProperty> properties)
    {
        if (complexProperty.IsCollection)
        {
            return; // refused by the convention when it holds personal data
        }

        IComplexProperty[] inner = [.. path, complexProperty];
        foreach (var property in complexProperty.ComplexType.GetProperties())
        {
            Add(entityType, property, inner, place, properties);
        }

        foreach (var nested in complexProperty.ComplexType.GetComplexProperties())
        {
            AddComplex(entityType, nested, inner, place, properties);
        }
    }

    private static void Add(IEntityType entityType, IProperty property, IComplexProperty[] path, PrivacyPlace place, List<PrivacyProperty> properties)
    {
        if (PersonalDataAnnotations.CategoryOf(property) is not { } category)
        {
            return;
        }

        var treatment = PersonalDataAnnotations.TreatmentOf(property);
        var name = PrivacyPlace.Join(path.Select(c => c.Name).Append(property.Name));
        var blindIndex = treatment == Treatment.Encrypt && PersonalDataAnnotations.IsSearchable(property)
            ? entityType.FindProperty(BlindIndexName(name))
            : null;
        properties.Add(new PrivacyProperty(property, category, treatment, blindIndex, path, place));
    }

    /// <summary>The subject id as text, as it is bound into the ciphertext and used to find the subject's key.</summary>
    public static string? FormatSubjectId(object? value) => value switch
    {
        null => null,
        Guid guid => guid == Guid.Empty ? null : guid.ToString("D"),
        string text => text.Length == 0 ? null : text,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
