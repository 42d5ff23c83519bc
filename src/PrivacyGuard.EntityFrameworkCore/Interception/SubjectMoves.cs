using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>
/// Tells a save which tracked entities changed data subject. An encrypted value is bound to its subject (its key and
/// its associated data), so when an entity's subject id changes, or its root owner's for an owned entity, its unchanged
/// encrypted values must be encrypted again under the new subject: left alone they would name the old subject's key
/// and make the row unreadable.
/// </summary>
internal static class SubjectMoves
{
    /// <summary>True when <paramref name="entry"/> has encrypted properties and its subject id was changed in this save.</summary>
    public static bool HasMoved(EntityEntry entry, PrivacyEntity entity, ref OwnerEntries? owners, List<EntityEntry> entries)
    {
        if (entity.Encrypted.Count == 0 || entity.SubjectId is not { } subjectId
            || !(entry.State == EntityState.Modified || (entity.IsOwned && entry.State == EntityState.Unchanged)))
        {
            return false;
        }

        if (OwnerEntries.SubjectEntryOf(entry, entity, ref owners, entries) is not { State: EntityState.Modified } subjectEntry)
        {
            return false;
        }

        var property = subjectEntry.Property(subjectId);
        return property.IsModified
            && !string.Equals(PrivacyEntity.FormatSubjectId(property.OriginalValue), PrivacyEntity.FormatSubjectId(property.CurrentValue), StringComparison.Ordinal);
    }
}
