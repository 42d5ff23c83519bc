using Microsoft.EntityFrameworkCore.Infrastructure;

namespace PrivacyGuard.EntityFrameworkCore.Metadata;

/// <summary>Typed reads of the PrivacyGuard annotations.</summary>
internal static class PersonalDataAnnotations
{
    public static PersonalDataCategory? CategoryOf(IReadOnlyAnnotatable property) =>
        property.FindAnnotation(PrivacyGuardAnnotationNames.Category)?.Value is PersonalDataCategory category ? category : null;

    public static Treatment TreatmentOf(IReadOnlyAnnotatable property) =>
        property.FindAnnotation(PrivacyGuardAnnotationNames.Treatment)?.Value is Treatment treatment ? treatment : Treatment.Default;

    public static bool IsSearchable(IReadOnlyAnnotatable property) =>
        property.FindAnnotation(PrivacyGuardAnnotationNames.Searchable)?.Value is true;

    public static bool IsSubjectId(IReadOnlyAnnotatable property) =>
        property.FindAnnotation(PrivacyGuardAnnotationNames.SubjectId)?.Value is true;

    public static TimeSpan? RetentionPeriodOf(IReadOnlyAnnotatable entityType) =>
        entityType.FindAnnotation(PrivacyGuardAnnotationNames.RetentionPeriod)?.Value is TimeSpan period ? period : null;

    public static string? RetentionTimestampOf(IReadOnlyAnnotatable entityType) =>
        entityType.FindAnnotation(PrivacyGuardAnnotationNames.RetentionTimestamp)?.Value as string;
}
