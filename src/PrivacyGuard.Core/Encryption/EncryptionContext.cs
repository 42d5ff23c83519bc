namespace PrivacyGuard.Encryption;

/// <summary>
/// The place an encrypted value belongs to: entity type, property, data subject and optional tenant. It is bound to the
/// ciphertext as associated data, so a value copied to another row, column, entity type or tenant does not decrypt.
/// </summary>
/// <remarks>
/// Strings are compared exactly (ordinal, as UTF-8 bytes), so use stable names: the CLR entity type name and the property
/// name, and the invariant string form of the subject id. An empty tenant is the same as no tenant.
/// <see cref="ToString"/> shows the entity type and property only: the subject id may itself be personal data.
/// </remarks>
public readonly struct EncryptionContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="entityType">The entity type name, for example <c>Customer</c>; not empty.</param>
    /// <param name="property">The property (column) name; not empty.</param>
    /// <param name="subjectId">The data subject's id as an invariant string; not empty.</param>
    /// <param name="tenant">The tenant, or <see langword="null"/> in a single-tenant system.</param>
    public EncryptionContext(string entityType, string property, string subjectId, string? tenant = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityType);
        ArgumentException.ThrowIfNullOrEmpty(property);
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        EntityType = entityType;
        Property = property;
        SubjectId = subjectId;
        Tenant = string.IsNullOrEmpty(tenant) ? null : tenant;
    }

    /// <summary>The entity type name.</summary>
    public string EntityType { get; }

    /// <summary>The property (column) name.</summary>
    public string Property { get; }

    /// <summary>The data subject's id (invariant string form). Never formatted by <see cref="ToString"/>.</summary>
    public string SubjectId { get; }

    /// <summary>The tenant, or <see langword="null"/>.</summary>
    public string? Tenant { get; }

    /// <summary>Shows the entity type and property only; the subject id and tenant are never formatted.</summary>
    public override string ToString() => $"EncryptionContext({EntityType}.{Property})";

    /// <summary>Throws when the context is the default value (no entity type, property or subject).</summary>
    internal void Validate()
    {
        if (string.IsNullOrEmpty(EntityType) || string.IsNullOrEmpty(Property) || string.IsNullOrEmpty(SubjectId))
        {
            throw new ArgumentException("The encryption context needs an entity type, a property and a subject id.");
        }
    }
}
