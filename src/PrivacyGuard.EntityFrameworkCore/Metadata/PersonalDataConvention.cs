using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace PrivacyGuard.EntityFrameworkCore.Metadata;

/// <summary>
/// Copies <see cref="PersonalDataAttribute"/> and <see cref="DataSubjectIdAttribute"/> into model annotations (a
/// fluent classification wins), adds the blind-index shadow properties, and refuses classifications that cannot work.
/// Runs once per model, when it is finalized.
/// </summary>
internal sealed class PersonalDataConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var entityTypes = modelBuilder.Metadata.GetEntityTypes().ToList();
        foreach (var entityType in entityTypes)
        {
            foreach (var property in entityType.GetDeclaredProperties().ToList())
            {
                ReadAttributes(property);
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
            foreach (var property in entityType.GetDeclaredProperties().ToList())
            {
                if (PersonalDataAnnotations.TreatmentOf(property) == Treatment.Encrypt && PersonalDataAnnotations.IsSearchable(property))
                {
                    var shadow = entityType.Builder.Property(typeof(string), property.Name + PrivacyGuardAnnotationNames.BlindIndexSuffix, fromDataAnnotation: true);
                    shadow?.HasAnnotation(PrivacyGuardAnnotationNames.BlindIndexFor, property.Name, fromDataAnnotation: true);
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
        var entity = entityType.ClrType.Name;
        var hasEncrypted = false;
        foreach (var property in entityType.GetDeclaredProperties())
        {
            if (PersonalDataAnnotations.CategoryOf(property) is not { } category)
            {
                continue;
            }

            var treatment = PersonalDataAnnotations.TreatmentOf(property);
            var type = property.ClrType;
            var where = $"{entity}.{property.Name}";
            switch (treatment)
            {
                case Treatment.Encrypt when type != typeof(string) && type != typeof(byte[]):
                    throw new InvalidOperationException($"{where} is classified {category} with treatment Encrypt, but only string and byte[] properties can be encrypted (it is {type.Name}).");
                case Treatment.Encrypt:
                    hasEncrypted = true;
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

        if (hasEncrypted && !entityType.GetProperties().Any(PersonalDataAnnotations.IsSubjectId))
        {
            throw new InvalidOperationException($"{entity} has encrypted personal data but no property marked [DataSubjectId] (or IsDataSubjectId()); the subject id selects the key each value is encrypted with.");
        }
    }
}
