using System.Numerics;
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
        var counts = new Dictionary<(string Resource, AccessAction Action, string? Token, ulong Mask, string? Unusual), (int Count, PersonalDataCategory[] Categories)>();
        var log = extension.Services.AccessLog;
        var tokens = new Dictionary<object, string?>();
        OwnerEntries? owners = null;
        foreach (var entry in entries)
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || !model.TryGet(entry.Metadata, out var entity))
            {
                continue;
            }

            // The categories as a bit per defined category (all below 64); a value outside that range, only possible
            // by a cast, goes to a sorted set as before. An added or deleted entity whose properties are all its own
            // has all of its categories, known in advance.
            var mask = entry.State == EntityState.Modified ? 0UL : entity.CategoryMask;
            SortedSet<PersonalDataCategory>? unusual = null;
            if (mask == 0)
            {
                foreach (var property in entity.Properties)
                {
                    if (property.EntryOf(entry) is { } propertyEntry && (entry.State != EntityState.Modified || propertyEntry.IsModified))
                    {
                        if ((int)property.Category is >= 0 and < 64)
                        {
                            mask |= 1UL << (int)property.Category;
                        }
                        else
                        {
                            (unusual ??= []).Add(property.Category);
                        }
                    }
                }
            }

            if (mask == 0 && unusual is null)
            {
                continue; // an update of columns that hold no personal data
            }

            var token = SubjectToken(log, tokens, entity, OwnerEntries.SubjectEntryOf(entry, entity, ref owners, entries));
            var action = entry.State == EntityState.Deleted ? AccessAction.Delete : AccessAction.Write;
            var key = (entity.Name, action, token, mask, unusual is null ? null : string.Join(',', unusual));
            counts[key] = counts.TryGetValue(key, out var existing) ? (existing.Count + 1, existing.Categories) : (1, CategoriesOf(mask, unusual));
        }

        return [.. counts.Select(pair => Create(extension, pair.Key.Resource, pair.Key.Action, pair.Key.Token, pair.Value.Categories, pair.Value.Count))];
    }

    /// <summary>The categories in ascending order, as a sorted set of them gives them.</summary>
    private static PersonalDataCategory[] CategoriesOf(ulong mask, SortedSet<PersonalDataCategory>? unusual)
    {
        var categories = new List<PersonalDataCategory>(BitOperations.PopCount(mask) + (unusual?.Count ?? 0));
        for (var bits = mask; bits != 0; bits &= bits - 1)
        {
            categories.Add((PersonalDataCategory)BitOperations.TrailingZeroCount(bits));
        }

        if (unusual is not null)
        {
            categories.AddRange(unusual);
            categories.Sort();
        }

        return [.. categories];
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

    /// <summary>
    /// The subject token of an entity being saved, or null when it has no subject id (yet); tokenized once per subject
    /// and save (<paramref name="tokens"/>, by the id's value: a Guid is formatted once per subject too), not once per row.
    /// </summary>
    private static string? SubjectToken(IAccessLog log, Dictionary<object, string?> tokens, PrivacyEntity entity, EntityEntry? entry)
    {
        if (entity.SubjectId is null || entry is null)
        {
            return null;
        }

        var subject = entry.Property(entity.SubjectId);
        if (subject.IsTemporary || subject.CurrentValue is not { } value)
        {
            return null;
        }

        if (!tokens.TryGetValue(value, out var token))
        {
            token = PrivacyEntity.FormatSubjectId(value) is { } subjectId ? log.TokenizeSubject(subjectId) : null;
            tokens.Add(value, token);
        }

        return token;
    }
}
