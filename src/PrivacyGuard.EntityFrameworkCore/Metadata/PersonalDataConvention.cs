using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace PrivacyGuard.EntityFrameworkCore.Metadata;

/// <summary>
/// Copies <see cref="PersonalDataAttribute"/> and <see cref="DataSubjectIdAttribute"/> into model annotations (a
/// fluent classification wins), on entity types, owned types and complex types alike, adds the blind-index shadow
/// properties, and refuses classifications that cannot work. Runs once per model, when it is finalized.
/// </summary>
/// <remarks>
/// A blind index of a property inside a complex property lives on the entity type that holds the complex property,
/// named after the path with underscores (<c>Address_StreetBlindIndex</c>): complex types have no shadow properties.
/// </remarks>
internal sealed class PersonalDataConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var entityTypes = modelBuilder.Metadata.GetEntityTypes().ToList();
        foreach (var entityType in entityTypes)
        {
            foreach (var member in PersonalDataMembers.Of(entityType))
            {
                ReadAttributes(member.Property);
            }
        }

        foreach (var entityType in entityTypes)
        {
            ReadRetention(entityType);
        }

        foreach (var entityType in entityTypes)
        {
            Validate(entityType);
            ValidateRetention(entityType);
            foreach (var member in PersonalDataMembers.Of(entityType).ToList())
            {
                var property = member.Property;
                if (PersonalDataAnnotations.TreatmentOf(property) == Treatment.Encrypt && PersonalDataAnnotations.IsSearchable(property))
                {
                    var shadow = entityType.Builder.Property(typeof(string), PrivacyEntity.BlindIndexName(member.Path), fromDataAnnotation: true);
                    shadow?.HasAnnotation(PrivacyGuardAnnotationNames.BlindIndexFor, member.Path, fromDataAnnotation: true);
                    if (shadow is not null)
                    {
                        entityType.Builder.HasIndex([shadow.Metadata.Name], fromDataAnnotation: true);
                    }
                }
            }
        }
    }

    private static void ReadAttributes(IConventionProperty property)
    {
        if (property.PropertyInfo is not { } member)
        {
            return;
        }

        if (property.FindAnnotation(PrivacyGuardAnnotationNames.SubjectId) is null && member.IsDefined(typeof(DataSubjectIdAttribute), inherit: true))
        {
            property.Builder.HasAnnotation(PrivacyGuardAnnotationNames.SubjectId, true, fromDataAnnotation: true);
        }

        if (property.FindAnnotation(PrivacyGuardAnnotationNames.Category) is null && member.GetCustomAttribute<PersonalDataAttribute>(inherit: true) is { } attribute)
        {
            property.Builder.HasAnnotation(PrivacyGuardAnnotationNames.Category, attribute.Category, fromDataAnnotation: true);
            property.Builder.HasAnnotation(PrivacyGuardAnnotationNames.Treatment, attribute.EffectiveTreatment, fromDataAnnotation: true);
            property.Builder.HasAnnotation(PrivacyGuardAnnotationNames.Searchable, attribute.Searchable, fromDataAnnotation: true);
        }
    }

    private static void ReadRetention(IConventionEntityType entityType)
    {
        if (entityType.BaseType is not null || entityType.IsOwned() || entityType.HasSharedClrType
            || entityType.FindAnnotation(PrivacyGuardAnnotationNames.RetentionPeriod) is not null
            || entityType.ClrType.GetCustomAttribute<RetainForAttribute>(inherit: true) is not { } attribute)
        {
            return;
        }

        if (!attribute.TryGetPeriod(out var period))
        {
            throw new InvalidOperationException(
                $"{entityType.ClrType.Name} has [RetainFor(\"{attribute.IsoDuration}\", ...)], which is not a positive ISO 8601 duration (e.g. P365D or P1Y).");
        }

        entityType.Builder.HasAnnotation(PrivacyGuardAnnotationNames.RetentionPeriod, period, fromDataAnnotation: true);
        entityType.Builder.HasAnnotation(PrivacyGuardAnnotationNames.RetentionTimestamp, attribute.TimestampProperty, fromDataAnnotation: true);
    }

    private static void ValidateRetention(IConventionEntityType entityType)
    {
        if (PersonalDataAnnotations.RetentionPeriodOf(entityType) is not { } period)
        {
            return;
        }

        var entity = entityType.ClrType.Name;
        if (entityType.BaseType is not null || entityType.IsOwned())
        {
            throw new InvalidOperationException($"{entity} has a retention period, but retention is declared on the root of a hierarchy (not a derived or owned type); it applies to every derived type.");
        }

        if (period <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{entity} has a retention period of {period}, which is not positive.");
        }

        var name = PersonalDataAnnotations.RetentionTimestampOf(entityType);
        if (string.IsNullOrEmpty(name) || entityType.FindProperty(name) is not { } timestamp)
        {
            throw new InvalidOperationException($"{entity} has a retention period measured from '{name}', but {entity} has no such mapped property.");
        }

        var type = Nullable.GetUnderlyingType(timestamp.ClrType) ?? timestamp.ClrType;
        if (type != typeof(DateTime) && type != typeof(DateTimeOffset))
        {
            throw new InvalidOperationException($"{entity}.{name} measures the retention period of {entity}, so it must be DateTime or DateTimeOffset (it is {type.Name}).");
        }
    }

    private static void Validate(IConventionEntityType entityType)
    {
        var place = PrivacyPlace.Of(entityType);
        var entity = place.NameOf(entityType);
        var hasEncrypted = false;
        string? encryptedWhere = null;
        foreach (var member in PersonalDataMembers.Of(entityType))
        {
            var property = member.Property;
            var where = $"{entity}.{member.Path}";
            if (PersonalDataAnnotations.IsSubjectId(property))
            {
                ValidateSubjectId(entityType, member, where);
            }

            if (PersonalDataAnnotations.CategoryOf(property) is not { } category)
            {
                continue;
            }

            ValidatePlace(entityType, member, where);
            var treatment = PersonalDataAnnotations.TreatmentOf(property);
            var type = property.ClrType;
            switch (treatment)
            {
                case Treatment.Encrypt when type != typeof(string) && type != typeof(byte[]):
                    throw new InvalidOperationException($"{where} is classified {category} with treatment Encrypt, but only string and byte[] properties can be encrypted (it is {type.Name}).");
                case Treatment.Encrypt:
                    hasEncrypted = true;
                    encryptedWhere ??= where;
                    break;
                case Treatment.Truncate or Treatment.PrefixPreserving when type != typeof(string) || category != PersonalDataCategory.IpAddress:
                    throw new InvalidOperationException($"{where} is classified {category} with treatment {treatment}, which applies only to string properties of category IpAddress (it is {type.Name}).");
                case Treatment.Pseudonymize when type != typeof(string):
                    throw new InvalidOperationException($"{where} is classified {category} with treatment Pseudonymize, which applies only to string properties (it is {type.Name}).");
                case Treatment.Redact:
                    throw new InvalidOperationException($"{where} is classified {category} with treatment Redact, which is for values sent to third parties; a stored property needs Encrypt or a pseudonymizing treatment.");
            }

            if (PersonalDataAnnotations.IsSearchable(property) && (treatment != Treatment.Encrypt || type != typeof(string)))
            {
                throw new InvalidOperationException(
                    $"{where} is marked searchable, which applies only to encrypted string properties (it is {type.Name} with treatment {treatment}); "
                    + "pseudonymized values are found by their token with WherePersonal without it.");
            }

            if (property.IsKey() || property.IsForeignKey())
            {
                throw new InvalidOperationException($"{where} is personal data and part of a key; keys are stored as they are, so a key cannot be {treatment}.");
            }
        }

        if (!hasEncrypted)
        {
            return;
        }

        if (place.Root is IConventionEntityType owner)
        {
            if (!owner.GetProperties().Any(PersonalDataAnnotations.IsSubjectId))
            {
                throw new InvalidOperationException(
                    $"{encryptedWhere} is encrypted, but {place.RootEntityName}, which owns it, has no property marked [DataSubjectId] (or IsDataSubjectId()); "
                    + "the data subject of an owned type is its owner's, and the subject id selects the key each value is encrypted with.");
            }
        }
        else if (!entityType.GetProperties().Any(PersonalDataAnnotations.IsSubjectId))
        {
            throw new InvalidOperationException($"{entity} has encrypted personal data but no property marked [DataSubjectId] (or IsDataSubjectId()); the subject id selects the key each value is encrypted with.");
        }
    }

    /// <summary>Refuses personal data where PrivacyGuard cannot protect it: complex collections, struct complex types and JSON columns.</summary>
    private static void ValidatePlace(IConventionEntityType entityType, PersonalDataMember member, string where)
    {
        if (member.Complex.FirstOrDefault(c => c.IsCollection) is { } collection)
        {
            throw new InvalidOperationException(
                $"{where} is personal data inside the complex collection {collection.Name}; PrivacyGuard protects personal data on entity types, owned types "
                + "(OwnsOne, OwnsMany) and complex properties (ComplexProperty), but not in complex collections: map the collection with OwnsMany instead.");
        }

        if (member.Complex.FirstOrDefault(c => c.ComplexType.ClrType.IsValueType) is { } structProperty)
        {
            throw new InvalidOperationException(
                $"{where} is personal data inside the complex property {structProperty.Name}, whose type {structProperty.ComplexType.ClrType.Name} is a struct; "
                + "PrivacyGuard protects personal data in complex types that are classes (or records): make it a class.");
        }

        if (entityType.IsMappedToJson() || member.Complex.Any(c => c.ComplexType.IsMappedToJson()))
        {
            throw new InvalidOperationException(
                $"{where} is personal data in a type mapped to a JSON column (ToJson); PrivacyGuard protects personal data in owned and complex types mapped to "
                + "table columns, not inside JSON documents: remove ToJson or move the value to a column.");
        }
    }

    /// <summary>
    /// A subject id belongs to the entity itself: not inside a complex type, and on an owned type only when it is the
    /// owner's (the foreign key that holds the owner's subject id).
    /// </summary>
    private static void ValidateSubjectId(IConventionEntityType entityType, PersonalDataMember member, string where)
    {
        if (member.Complex.Count != 0)
        {
            throw new InvalidOperationException(
                $"{where} is marked [DataSubjectId] inside the complex property {member.Complex[0].Name}; the data subject id must be a property of the entity type "
                + $"itself ({entityType.ClrType.Name}), so that restriction filters and subject-rights queries can find its rows.");
        }

        if (!entityType.IsOwned() || entityType.FindOwnership() is not { } ownership)
        {
            return;
        }

        var index = ownership.Properties.ToList().IndexOf(member.Property);
        if (index >= 0 && PersonalDataAnnotations.IsSubjectId(ownership.PrincipalKey.Properties[index]))
        {
            return; // the owner's subject id, repeated as the foreign key
        }

        var owner = PrivacyPlace.Of(entityType).RootEntityName;
        throw new InvalidOperationException(
            $"{where} is marked [DataSubjectId], but {entityType.ClrType.Name} is owned by {owner}: the data subject of an owned type is its owner's. "
            + $"Mark the subject id on {owner} instead.");
    }
}
