using System.Collections;
using Microsoft.EntityFrameworkCore.Metadata;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Rights;

/// <summary>
/// The owned entities an entity holds (OwnsOne and OwnsMany, nested), each with its path from the entity
/// (<c>Address</c>, <c>Addresses[1]</c>, <c>Address.Geo</c>) and its personal-data map, for export, erasure and
/// rectification. Owned entities are loaded with their owner, so they are reached through its navigations.
/// </summary>
internal static class OwnedPersonalData
{
    public static IEnumerable<(string Path, object Instance, PrivacyEntity? Info)> Of(IEntityType entityType, object entity, PrivacyModel model)
    {
        foreach (var navigation in entityType.GetNavigations())
        {
            if (!navigation.ForeignKey.IsOwnership || navigation.IsOnDependent)
            {
                continue;
            }

            var ownedType = navigation.TargetEntityType;
            var value = navigation.GetGetter().GetClrValueUsingContainingEntity(entity);
            if (navigation.IsCollection && value is IEnumerable items)
            {
                var index = 0;
                foreach (var item in items)
                {
                    foreach (var owned in Visit(ownedType, item, $"{navigation.Name}[{index++}]", model))
                    {
                        yield return owned;
                    }
                }
            }
            else if (value is not null)
            {
                foreach (var owned in Visit(ownedType, value, navigation.Name, model))
                {
                    yield return owned;
                }
            }
        }
    }

    /// <summary>
    /// The owned entity at <paramref name="path"/> (<c>Address.Street</c>: navigation <c>Address</c>, then property
    /// <c>Street</c>) through single (OwnsOne) navigations, and the personal-data property there; null when there is none.
    /// </summary>
    public static (object Instance, PrivacyProperty Property)? Find(IEntityType entityType, object entity, string path, PrivacyModel model)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || entityType.FindNavigation(path[..dot]) is not { ForeignKey.IsOwnership: true, IsOnDependent: false, IsCollection: false } navigation)
        {
            return null;
        }

        var rest = path[(dot + 1)..];
        var ownedType = navigation.TargetEntityType;
        if (navigation.GetGetter().GetClrValueUsingContainingEntity(entity) is not { } owned)
        {
            return null;
        }

        if (model.TryGet(ownedType, out var info) && info.ByName.TryGetValue(rest, out var property))
        {
            return (owned, property);
        }

        return Find(ownedType, owned, rest, model);
    }

    /// <summary>The personal-data property <paramref name="path"/> names in an owned type reached through single (OwnsOne) navigations, or null.</summary>
    public static PrivacyProperty? FindProperty(IEntityType entityType, string path, PrivacyModel model)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || entityType.FindNavigation(path[..dot]) is not { ForeignKey.IsOwnership: true, IsOnDependent: false, IsCollection: false } navigation)
        {
            return null;
        }

        var rest = path[(dot + 1)..];
        return model.TryGet(navigation.TargetEntityType, out var info) && info.ByName.TryGetValue(rest, out var property)
            ? property
            : FindProperty(navigation.TargetEntityType, rest, model);
    }

    private static IEnumerable<(string Path, object Instance, PrivacyEntity? Info)> Visit(IEntityType ownedType, object owned, string path, PrivacyModel model)
    {
        yield return (path, owned, model.TryGet(ownedType, out var info) ? info : null);
        foreach (var (innerPath, instance, innerInfo) in Of(ownedType, owned, model))
        {
            yield return ($"{path}.{innerPath}", instance, innerInfo);
        }
    }
}
