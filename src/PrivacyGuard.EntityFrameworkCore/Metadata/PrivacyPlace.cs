using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Metadata;

/// <summary>
/// Where an entity type's values belong for PrivacyGuard's names: itself, or, for an owned type, the non-owned entity at
/// the root of its ownership chain and the navigation path from there (<c>Customer</c> and <c>Address</c>), so that
/// an owned value is named <c>Customer.Address.Street</c> in associated data, blind-index keys, messages and access events.
/// </summary>
internal readonly record struct PrivacyPlace(IReadOnlyEntityType? Root, string? RootEntityName, string? Prefix)
{
    /// <summary>A non-owned entity type: names are the declaring type's and the property's own.</summary>
    public static PrivacyPlace Unowned { get; }

    /// <summary>The owner at the root of an owned type's ownership chain, or null for a non-owned type.</summary>
    public static PrivacyPlace Of(IReadOnlyEntityType entityType)
    {
        if (!entityType.IsOwned() || entityType.FindOwnership() is not { } ownership)
        {
            return Unowned;
        }

        var navigation = ownership.PrincipalToDependent;
        var name = navigation?.Name ?? entityType.ClrType.Name;
        var principal = ownership.PrincipalEntityType;
        if (principal.IsOwned())
        {
            var parent = Of(principal);
            return new PrivacyPlace(parent.Root, parent.RootEntityName, Join([parent.Prefix, name]));
        }

        return new PrivacyPlace(principal, (navigation?.DeclaringEntityType ?? principal).ClrType.Name, name);
    }

    /// <summary>The display name of the entity type: <c>Customer</c>, or <c>Customer.Address</c> for an owned type.</summary>
    public string NameOf(IReadOnlyEntityType entityType) => RootEntityName is null ? entityType.ClrType.Name : RootEntityName + "." + Prefix;

    public static string Join(IEnumerable<string?> parts) => string.Join('.', parts.Where(p => !string.IsNullOrEmpty(p)));
}
