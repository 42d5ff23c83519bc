using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Metadata;

/// <summary>
/// The personal-data map of one EF Core model, resolved once (stored as a runtime annotation of the model) so that
/// saves, materialization and query checks look entity types up in a frozen dictionary instead of reflecting.
/// </summary>
internal sealed class PrivacyModel
{
    private const string AnnotationName = PrivacyGuardAnnotationNames.Prefix + "Map";
    private readonly FrozenDictionary<IEntityType, PrivacyEntity> _entities;
    private readonly FrozenDictionary<(Type Type, string Name), PrivacyProperty> _encryptedMembers;
    private readonly FrozenDictionary<(Type Type, string Name), PrivacyProperty> _personalMembers;
    private readonly FrozenDictionary<(Type Type, string Name), PrivacyProperty> _encryptedHolders;
    private readonly FrozenDictionary<IEntityType, PrivacyOwner> _owners;

    private PrivacyModel(IModel model)
    {
        var entities = new Dictionary<IEntityType, PrivacyEntity>();
        var encrypted = new Dictionary<(Type, string), PrivacyProperty>();
        var personal = new Dictionary<(Type, string), PrivacyProperty>();
        var holders = new Dictionary<(Type, string), PrivacyProperty>();
        var owners = new Dictionary<IEntityType, HashSet<IKey>>();
        foreach (var entityType in model.GetEntityTypes())
        {
            var entity = PrivacyEntity.Create(entityType);
            if (entity is null)
            {
                continue;
            }

            entities.Add(entityType, entity);
            foreach (var property in entity.Properties)
            {
                // By the entity's type and path, and by the type that declares the member (an owned or complex type),
                // so that a query's member access c.Address.Street is found by (Address, Street).
                personal.TryAdd((entityType.ClrType, property.Name), property);
                personal.TryAdd((property.Property.DeclaringType.ClrType, property.Property.Name), property);
                if (property.Treatment == Treatment.Encrypt)
                {
                    encrypted.TryAdd((entityType.ClrType, property.Name), property);
                    encrypted.TryAdd((property.Property.DeclaringType.ClrType, property.Property.Name), property);

                    // The complex properties on its path (c.Contact for c.Contact.FullName): projecting one returns its
                    // values as stored, since only entities are decrypted when materialized.
                    foreach (var complex in property.ComplexPath)
                    {
                        holders.TryAdd((complex.DeclaringType.ClrType, complex.Name), property);
                    }
                }
            }

            // Every principal up the ownership chain passes its subject on to what it owns when materialized.
            for (var owned = entityType; owned.IsOwned() && owned.FindOwnership() is { } ownership; owned = ownership.PrincipalEntityType)
            {
                var principal = ownership.PrincipalEntityType;
                if (!owners.TryGetValue(principal, out var keys))
                {
                    owners[principal] = keys = [];
                }

                keys.Add(ownership.PrincipalKey);
            }
        }

        _entities = entities.ToFrozenDictionary();
        _encryptedMembers = encrypted.ToFrozenDictionary();
        _personalMembers = personal.ToFrozenDictionary();
        _encryptedHolders = holders.ToFrozenDictionary();
        _owners = owners.ToFrozenDictionary(
            pair => pair.Key,
            pair => new PrivacyOwner([.. pair.Value], pair.Key.IsOwned() ? null : pair.Key.GetProperties().FirstOrDefault(PersonalDataAnnotations.IsSubjectId)));
    }

    /// <summary>True when the model has no personal data at all.</summary>
    public bool IsEmpty => _entities.Count == 0;

    /// <summary>True when at least one property is encrypted.</summary>
    public bool HasEncrypted => _encryptedMembers.Count != 0;

    public static PrivacyModel For(IModel model) =>
        model.GetOrAddRuntimeAnnotationValue(AnnotationName, static m => new PrivacyModel(m!), model);

    public bool TryGet(IEntityType entityType, [NotNullWhen(true)] out PrivacyEntity? entity) =>
        _entities.TryGetValue(entityType, out entity);

    /// <summary>
    /// How owned types below <paramref name="entityType"/> (with personal data somewhere down their ownership chain)
    /// refer to it; null when it owns no such type.
    /// </summary>
    public PrivacyOwner? OwnerOf(IEntityType entityType)
    {
        for (IEntityType? type = entityType; type is not null; type = type.BaseType)
        {
            if (_owners.TryGetValue(type, out var owner))
            {
                return owner;
            }
        }

        return null;
    }

    /// <summary>Finds the encrypted property <paramref name="name"/> of <paramref name="type"/> or one of its base types.</summary>
    public PrivacyProperty? FindEncrypted(Type? type, string name) => Find(_encryptedMembers, type, name);

    /// <summary>
    /// Finds an encrypted property inside the complex property <paramref name="name"/> of <paramref name="type"/> or one
    /// of its base types (at any depth); null when that complex property holds none.
    /// </summary>
    public PrivacyProperty? FindEncryptedInside(Type? type, string name) => Find(_encryptedHolders, type, name);

    /// <summary>Finds the personal-data property <paramref name="name"/> of <paramref name="type"/> or one of its base types.</summary>
    public PrivacyProperty? FindPersonal(Type? type, string name) => Find(_personalMembers, type, name);

    private static PrivacyProperty? Find(FrozenDictionary<(Type Type, string Name), PrivacyProperty> members, Type? type, string name)
    {
        for (; type is not null && type != typeof(object); type = type.BaseType)
        {
            if (members.TryGetValue((type, name), out var property))
            {
                return property;
            }
        }

        return null;
    }
}
