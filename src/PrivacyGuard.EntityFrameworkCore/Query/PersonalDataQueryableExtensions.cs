using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using PrivacyGuard.EntityFrameworkCore.Query;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Equality look-ups on personal data by its plaintext: blind index or pseudonym token.</summary>
public static class PersonalDataQueryableExtensions
{
    /// <summary>
    /// Filters <paramref name="set"/> to the entities whose personal-data <paramref name="property"/> holds
    /// <paramref name="value"/>; the value itself never reaches the database. A searchable encrypted property is
    /// compared by blind index (e-mail: after canonicalization; other text: after normalization); a pseudonymized
    /// property by the token of <paramref name="value"/> under the context's default purpose (a truncated IP address
    /// matches every address of its prefix). Query filters, such as the restriction filter, still apply.
    /// </summary>
    /// <remarks>
    /// The property may be the entity's own (<c>c =&gt; c.Email</c>) or reached through complex properties
    /// (<c>ComplexProperty</c>, <c>[ComplexType]</c>) and owned references (<c>OwnsOne</c>, nested), in any
    /// combination: <c>c =&gt; c.Contact.Email</c>, <c>c =&gt; c.Home.Emergency.Email</c>. For an owned collection
    /// (<c>OwnsMany</c>) use
    /// <see cref="WherePersonal{TEntity, TItem}(DbSet{TEntity}, Expression{Func{TEntity, IEnumerable{TItem}}}, Expression{Func{TItem, string}}, string)"/>.
    /// </remarks>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="set">The entity set.</param>
    /// <param name="property">
    /// The property, e.g. <c>c =&gt; c.Email</c> or <c>c =&gt; c.Home.Email</c>: pseudonymized, or encrypted and
    /// searchable. Only a chain of property accesses: no method calls, casts or indexers.
    /// </param>
    /// <param name="value">The plaintext to look for.</param>
    /// <returns>The filtered query.</returns>
    /// <exception cref="ArgumentException"><paramref name="property"/> is not a chain of property accesses from the entity.</exception>
    /// <exception cref="InvalidOperationException">
    /// The property is not mapped, not personal data, encrypted without a blind index, a navigation to another entity
    /// type or an owned collection; the message names the entity type and the path.
    /// </exception>
    public static IQueryable<TEntity> WherePersonal<TEntity>(this DbSet<TEntity> set, Expression<Func<TEntity, string?>> property, string value)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(value);
        var (context, entityType) = EntityTypeOf(set);
        var path = PersonalMemberPath.ToProperty(entityType, typeof(TEntity).Name, property);
        var match = PersonalLookup.Match(context, path, value);
        return set.Where(Expression.Lambda<Func<TEntity, bool>>(match, property.Parameters));
    }

    /// <summary>
    /// Filters <paramref name="set"/> to the entities with at least one item in the owned collection
    /// <paramref name="collection"/> (<c>OwnsMany</c>) whose personal-data <paramref name="property"/> holds
    /// <paramref name="value"/>, as <c>Where(e =&gt; e.Items.Any(item =&gt; ...))</c> would; the value itself never
    /// reaches the database. Compared by blind index or token as
    /// <see cref="WherePersonal{TEntity}(DbSet{TEntity}, Expression{Func{TEntity, string}}, string)"/> does.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <typeparam name="TItem">The owned type of the collection's items.</typeparam>
    /// <param name="set">The entity set.</param>
    /// <param name="collection">The owned collection, e.g. <c>c =&gt; c.Contacts</c> (through owned references too: <c>c =&gt; c.Home.Contacts</c>).</param>
    /// <param name="property">The item's property, e.g. <c>x =&gt; x.Email</c> (through the item's owned references and complex properties too).</param>
    /// <param name="value">The plaintext to look for.</param>
    /// <returns>The filtered query.</returns>
    /// <exception cref="ArgumentException">A lambda is not a chain of property accesses.</exception>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="collection"/> is not an owned collection, or the item's property is not a pseudonymized or
    /// searchable encrypted personal-data property; the message names the entity type and the path.
    /// </exception>
    public static IQueryable<TEntity> WherePersonal<TEntity, TItem>(
        this DbSet<TEntity> set,
        Expression<Func<TEntity, IEnumerable<TItem>?>> collection,
        Expression<Func<TItem, string?>> property,
        string value)
        where TEntity : class
        where TItem : class
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(value);
        var (context, entityType) = EntityTypeOf(set);
        var (items, itemType, display) = PersonalMemberPath.ToCollection(entityType, typeof(TEntity).Name, collection);
        var path = PersonalMemberPath.ToProperty(itemType, display, property);
        var match = PersonalLookup.Match(context, path, value);
        var any = Expression.Call(typeof(Enumerable), nameof(Enumerable.Any), [typeof(TItem)], items, Expression.Lambda<Func<TItem, bool>>(match, property.Parameters));
        return set.Where(Expression.Lambda<Func<TEntity, bool>>(any, collection.Parameters));
    }

    private static (DbContext Context, IEntityType EntityType) EntityTypeOf<TEntity>(DbSet<TEntity> set)
        where TEntity : class
    {
        var context = set.GetService<ICurrentDbContext>().Context;
        var entityType = context.Model.FindEntityType(typeof(TEntity)) ?? throw WherePersonalErrors.NotAnEntity(typeof(TEntity), context.GetType());
        return (context, entityType);
    }
}
