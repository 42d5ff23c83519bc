using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PrivacyGuard.AccessLog;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Interception;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Turns the entities of a save into access events: one per entity type, action, subject and set of categories, with
/// the number of rows as <see cref="AccessEvent.Count"/>, never one per row. Purpose and actor come from the ambient
/// privacy scope (the context's default purpose and <c>system</c> outside one). An owned entity is its own resource,
/// named by its path from the owner (<c>Customer.Address</c>), under its owner's subject.
/// </summary>
internal static class EntityAccessEvents
{
    public const string DefaultActor = "system";

    public static List<AccessEvent> ForSave(IEnumerable<EntityEntry> entries, PrivacyModel model, PrivacyGuardOptionsExtension extension)
    {
        var counts = new Dictionary<(string Resource, AccessAction Action, string? Token, string Categories), (int Count, PersonalDataCategory[] Categories)>();
        var log = extension.Services.AccessLog;
        OwnerEntries? owners = null;
        foreach (var entry in entries)
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || !model.TryGet(entry.Metadata, out var entity))
            {
                continue;
            }

            var categories = new SortedSet<PersonalDataCategory>();
            foreach (var property in entity.Properties)
            {
                if (property.EntryOf(entry) is { } propertyEntry && (entry.State != EntityState.Modified || propertyEntry.IsModified))
                {
                    categories.Add(property.Category);
                }
            }

            if (categories.Count == 0)
            {
                continue; // an update of columns that hold no personal data
            }

            var token = SubjectToken(log, entity, OwnerEntries.SubjectEntryOf(entry, entity, ref owners, entries));
            var action = entry.State == EntityState.Deleted ? AccessAction.Delete : AccessAction.Write;
            var array = categories.ToArray();
            var key = (entity.Name, action, token, string.Join(',', array));
            counts[key] = counts.TryGetValue(key, out var existing) ? (existing.Count + 1, array) : (1, array);
        }

        return [.. counts.Select(pair => Create(extension, pair.Key.Resource, pair.Key.Action, pair.Key.Token, pair.Value.Categories, pair.Value.Count))];
    }

    public static AccessEvent Create(PrivacyGuardOptionsExtension extension, string resource, AccessAction action, string? token, IReadOnlyList<PersonalDataCategory> categories, int count, AccessOutcome outcome = AccessOutcome.Succeeded, string? reason = null)
    {
        var scope = extension.Services.Scope;
        return new AccessEvent
        {
            Action = action,
            Outcome = outcome,
            Resource = resource,
            SubjectToken = token,
            Purpose = scope.CurrentPurpose ?? extension.DefaultPurpose,
            Actor = scope.CurrentActor ?? DefaultActor,
            Categories = categories,
            Count = count,
            Reason = reason,
        };
    }

    /// <summary>The subject token of an entity being saved, or null when it has no subject id (yet).</summary>
    private static string? SubjectToken(IAccessLog log, PrivacyEntity entity, EntityEntry? entry)
    {
        if (entity.SubjectId is null || entry is null)
        {
            return null;
        }

        var subject = entry.Property(entity.SubjectId);
        return subject.IsTemporary || PrivacyEntity.FormatSubjectId(subject.CurrentValue) is not { } subjectId ? null : log.TokenizeSubject(subjectId);
    }
}
