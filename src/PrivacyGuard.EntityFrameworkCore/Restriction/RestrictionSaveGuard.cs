using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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

    /// <summary>
    /// Checks the save's <paramref name="entries"/> (the change tracker's, changes detected), which the caller lists once
    /// for this check and for protecting the values; throws <see cref="ProcessingRestrictedException"/> when refused.
    /// </summary>
    public static void Check(IModel model, List<EntityEntry> entries, PrivacyGuardEntityServices services)
    {
        var subjectIds = SubjectIdsOf(model);
        if (subjectIds.Count == 0)
        {
            return;
        }

        ProcessingPurpose? purpose = null;
        List<EntityEntry>? owned = null;
        foreach (var entry in entries)
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            if (!subjectIds.TryGetValue(entry.Metadata, out var property))
            {
                if (entry.Metadata.IsOwned())
                {
                    (owned ??= []).Add(entry);
                }

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

        // An owned entity (customer.Home, an item of customer.Phones) is its root owner's data: changing, adding or
        // removing one processes the owner's subject even when the owner itself is unchanged.
        if (owned is not null)
        {
            purpose ??= services.Scope.EffectivePurpose;
            if (services.Restrictions.BlockedFor(purpose.Value).Count != 0)
            {
                var owners = new OwnerEntries(entries);
                foreach (var entry in owned)
                {
                    if (owners.RootOf(entry, entries) is { } root && subjectIds.TryGetValue(root.Metadata, out var property))
                    {
                        CheckOne(services.Restrictions, root.Property(property).CurrentValue, purpose.Value);
                    }
                }
            }
        }
    }

    private static void CheckOne(IRestrictionRegistry restrictions, object? value, ProcessingPurpose purpose)
    {
        if (PrivacyEntity.FormatSubjectId(value) is not { } subjectId)
        {
            return;
        }

        // A Guid or integer id blocked as other text for the same value ("ABC…" for "abc…", "007" for "7") matches too:
        // the registry compares such ids by value, as the query filter, parsing the blocked ids, does.
        var decision = restrictions.Check(subjectId, purpose);
        if (decision != ProcessingDecision.Allowed)
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
