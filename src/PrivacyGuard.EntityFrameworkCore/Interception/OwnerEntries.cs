using System.Collections;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>
/// Finds the owner of an owned entity among a save's tracked entries, through the owners' navigations (an owned type
/// usually has no navigation back), so that an owned entity's values are protected under its owner's data subject.
/// Built once per save, on first use.
/// </summary>
internal sealed class OwnerEntries
{
    private readonly Dictionary<object, EntityEntry> _owners = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IKey, Dictionary<string, EntityEntry>> _byKey = [];

    public OwnerEntries(IEnumerable<EntityEntry> entries)
    {
        foreach (var entry in entries)
        {
            foreach (var navigation in entry.Metadata.GetNavigations())
            {
                if (!navigation.ForeignKey.IsOwnership || navigation.IsOnDependent)
                {
                    continue;
                }

                var value = navigation.GetGetter().GetClrValueUsingContainingEntity(entry.Entity);
                if (navigation.IsCollection && value is IEnumerable items)
                {
                    foreach (var item in items)
                    {
                        _owners.TryAdd(item, entry);
                    }
                }
                else if (value is not null)
                {
                    _owners.TryAdd(value, entry);
                }
            }
        }
    }

    /// <summary>
    /// The entry whose subject id applies to <paramref name="entry"/>: itself for a non-owned entity, else the non-owned
    /// entry at the root of its ownership chain; null when that owner is not tracked with it.
    /// </summary>
    public static EntityEntry? SubjectEntryOf(EntityEntry entry, PrivacyEntity entity, ref OwnerEntries? owners, IEnumerable<EntityEntry> entries)
    {
        if (!entity.IsOwned)
        {
            return entry;
        }

        owners ??= new OwnerEntries(entries);
        return owners.RootOf(entry, entries);
    }

    /// <summary>
    /// The non-owned entry at the root of <paramref name="entry"/>'s ownership chain, or null when it is not tracked.
    /// An owned entity is found through its owner's navigation, or else (one removed from it, so deleted) by the
    /// ownership's key values, which it keeps.
    /// </summary>
    public EntityEntry? RootOf(EntityEntry entry, IEnumerable<EntityEntry> entries)
    {
        var current = entry;
        while (current.Metadata.IsOwned())
        {
            if (!_owners.TryGetValue(current.Entity, out var owner)
                && (current.Metadata.FindOwnership() is not { } ownership
                    || !KeyIndexOf(ownership.PrincipalKey, entries).TryGetValue(ValuesOf(current, ownership.Properties), out owner)))
            {
                return null;
            }

            current = owner;
        }

        return current;
    }

    private Dictionary<string, EntityEntry> KeyIndexOf(IKey key, IEnumerable<EntityEntry> entries)
    {
        if (!_byKey.TryGetValue(key, out var index))
        {
            _byKey[key] = index = new Dictionary<string, EntityEntry>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (key.DeclaringEntityType.IsAssignableFrom(entry.Metadata))
                {
                    index.TryAdd(ValuesOf(entry, key.Properties), entry);
                }
            }
        }

        return index;
    }

    private static string ValuesOf(EntityEntry entry, IReadOnlyList<IProperty> properties) =>
        string.Join('\u001f', properties.Select(p => Convert.ToString(entry.Property(p).CurrentValue, CultureInfo.InvariantCulture)));
}
