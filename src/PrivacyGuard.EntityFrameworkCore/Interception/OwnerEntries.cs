using System.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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
        var current = entry;
        while (current.Metadata.IsOwned())
        {
            if (!owners._owners.TryGetValue(current.Entity, out var owner))
            {
                return null;
            }

            current = owner;
        }

        return current;
    }
}
