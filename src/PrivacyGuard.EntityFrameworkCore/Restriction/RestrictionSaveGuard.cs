using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PrivacyGuard.EntityFrameworkCore.Interception;
using PrivacyGuard.EntityFrameworkCore.Metadata;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Refuses a save that adds, modifies or deletes an entity of a subject blocked for the current purpose (restricted,
/// or objected to it), before anything is written. For a modified entity both the original and the current subject
/// id are checked, so an entity cannot be moved into or out of a blocked subject.
/// </summary>
internal static class RestrictionSaveGuard
{
    private const string AnnotationName = PrivacyGuardAnnotationNames.Prefix + "SubjectIdProperties";

    public static void Check(DbContext context, PrivacyGuardEntityServices services)
    {
        var subjectIds = SubjectIdsOf(context.Model);
        if (subjectIds.Count == 0)
        {
            return;
        }

        ProcessingPurpose? purpose = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)
                || !subjectIds.TryGetValue(entry.Metadata, out var property))
            {
                continue;
            }

            purpose ??= services.Scope.EffectivePurpose;
            var value = entry.Property(property);
            CheckOne(services.Restrictions, value.CurrentValue, purpose.Value);
            if (entry.State == EntityState.Modified)
            {
                CheckOne(services.Restrictions, value.OriginalValue, purpose.Value);
            }
        }
    }

    private static void CheckOne(IRestrictionRegistry restrictions, object? value, ProcessingPurpose purpose)
    {
        if (PrivacyEntity.FormatSubjectId(value) is { } subjectId
            && restrictions.Check(subjectId, purpose) is var decision and not ProcessingDecision.Allowed)
        {
            throw new ProcessingRestrictedException(purpose, decision);
        }
    }

    /// <summary>The subject id property of each entity type that has one, resolved once per model.</summary>
    public static FrozenDictionary<IEntityType, IProperty> SubjectIdsOf(IModel model) =>
        model.GetOrAddRuntimeAnnotationValue(
            AnnotationName,
            static m => m!.GetEntityTypes()
                .Select(t => (Type: t, SubjectId: t.GetProperties().FirstOrDefault(PersonalDataAnnotations.IsSubjectId)))
                .Where(x => x.SubjectId is not null)
                .ToFrozenDictionary(x => x.Type, x => x.SubjectId!),
            model);
}
