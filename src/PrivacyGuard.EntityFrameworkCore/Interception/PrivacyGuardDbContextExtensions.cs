using PrivacyGuard.EntityFrameworkCore.Infrastructure;

namespace Microsoft.EntityFrameworkCore;

/// <summary>What PrivacyGuard knows about the entities a context loaded.</summary>
public static class PrivacyGuardDbContextExtensions
{
    /// <summary>
    /// True when <paramref name="propertyName"/> of <paramref name="entity"/> was loaded as null because its data
    /// subject was erased (the subject key was shredded), as opposed to being empty in the database. Saving a new value
    /// for the property clears the mark.
    /// </summary>
    /// <param name="context">A context configured with <c>UsePrivacyGuard</c>.</param>
    /// <param name="entity">An entity this or another context loaded.</param>
    /// <param name="propertyName">The encrypted property, e.g. <c>nameof(Account.RealName)</c>.</param>
    /// <returns>Whether the value was erased.</returns>
    public static bool IsErased(this DbContext context, object entity, string propertyName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentException.ThrowIfNullOrEmpty(propertyName);
        return PrivacyGuardOptionsExtension.Of(context).Services.Erased.IsErased(entity, propertyName);
    }
}
