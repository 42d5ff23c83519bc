using System.Collections.Frozen;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Metadata;

/// <summary>The personal-data properties of one entity type and where its data subject id lives.</summary>
internal sealed class PrivacyEntity
{
    private PrivacyEntity(IEntityType entityType, IProperty? subjectId, PrivacyProperty[] properties)
    {
        EntityType = entityType;
        Name = entityType.ClrType.Name;
        SubjectId = subjectId;
        Properties = properties;
        Encrypted = [.. properties.Where(p => p.Treatment == Treatment.Encrypt)];
        ByName = properties.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public IEntityType EntityType { get; }

    /// <summary>The entity's CLR name, used in messages.</summary>
    public string Name { get; }

    public IProperty? SubjectId { get; }

    public IReadOnlyList<PrivacyProperty> Properties { get; }

    public IReadOnlyList<PrivacyProperty> Encrypted { get; }

    public FrozenDictionary<string, PrivacyProperty> ByName { get; }

    public static PrivacyEntity? Create(IEntityType entityType)
    {
        var properties = new List<PrivacyProperty>();
        IProperty? subjectId = null;
        foreach (var property in entityType.GetProperties())
        {
            if (PersonalDataAnnotations.IsSubjectId(property))
            {
                subjectId = property;
            }

            if (PersonalDataAnnotations.CategoryOf(property) is { } category)
            {
                var treatment = PersonalDataAnnotations.TreatmentOf(property);
                var blindIndex = treatment == Treatment.Encrypt && PersonalDataAnnotations.IsSearchable(property)
                    ? entityType.FindProperty(property.Name + PrivacyGuardAnnotationNames.BlindIndexSuffix)
                    : null;
                properties.Add(new PrivacyProperty(property, category, treatment, blindIndex));
            }
        }

        return properties.Count == 0 ? null : new PrivacyEntity(entityType, subjectId, [.. properties]);
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
