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

    private PrivacyModel(IModel model)
    {
        var entities = new Dictionary<IEntityType, PrivacyEntity>();
        var encrypted = new Dictionary<(Type, string), PrivacyProperty>();
        var personal = new Dictionary<(Type, string), PrivacyProperty>();
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
                personal.TryAdd((entityType.ClrType, property.Name), property);
                if (property.Treatment == Treatment.Encrypt)
                {
                    encrypted.TryAdd((entityType.ClrType, property.Name), property);
                }
            }
        }

        _entities = entities.ToFrozenDictionary();
        _encryptedMembers = encrypted.ToFrozenDictionary();
        _personalMembers = personal.ToFrozenDictionary();
    }

    /// <summary>True when the model has no personal data at all.</summary>
    public bool IsEmpty => _entities.Count == 0;

    /// <summary>True when at least one property is encrypted.</summary>
    public bool HasEncrypted => _encryptedMembers.Count != 0;

    public static PrivacyModel For(IModel model) =>
        model.GetOrAddRuntimeAnnotationValue(AnnotationName, static m => new PrivacyModel(m!), model);

    public bool TryGet(IEntityType entityType, [NotNullWhen(true)] out PrivacyEntity? entity) =>
        _entities.TryGetValue(entityType, out entity);

    /// <summary>Finds the encrypted property <paramref name="name"/> of <paramref name="type"/> or one of its base types.</summary>
    public PrivacyProperty? FindEncrypted(Type? type, string name) => Find(_encryptedMembers, type, name);

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
