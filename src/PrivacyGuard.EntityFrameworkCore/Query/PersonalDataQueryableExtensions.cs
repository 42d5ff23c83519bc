using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PrivacyGuard;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Equality look-ups on searchable encrypted properties, through their blind index.</summary>
public static class PersonalDataQueryableExtensions
{
    /// <summary>
    /// Filters <paramref name="set"/> to the entities whose searchable encrypted <paramref name="property"/> equals
    /// <paramref name="value"/>, by comparing blind indexes; the value itself never reaches the database.
    /// E-mail properties match after canonicalization (case, plus tags); other text after normalization.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="set">The entity set.</param>
    /// <param name="property">The property, e.g. <c>u =&gt; u.Email</c>; it must be encrypted and searchable.</param>
    /// <param name="value">The plaintext to look for.</param>
    /// <returns>The filtered query.</returns>
    public static IQueryable<TEntity> WherePersonal<TEntity>(this DbSet<TEntity> set, Expression<Func<TEntity, string?>> property, string value)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(value);
        if (property.Body is not MemberExpression { Expression: ParameterExpression } member)
        {
            throw new ArgumentException("Pass a property of the entity, such as u => u.Email.", nameof(property));
        }

        var context = set.GetService<ICurrentDbContext>().Context;
        var entityType = context.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not an entity type of {context.GetType().Name}.");
        if (!PrivacyModel.For(context.Model).TryGet(entityType, out var entity)
            || !entity.ByName.TryGetValue(member.Member.Name, out var personal)
            || personal.BlindIndex is null)
        {
            throw new InvalidOperationException(
                $"{typeof(TEntity).Name}.{member.Member.Name} is not a searchable encrypted property; classify it with Treatment = Encrypt and Searchable = true.");
        }

        var index = PrivacyGuardOptionsExtension.Of(context).Services.BlindIndexes.Compute(entity, personal, value);
        Expression<Func<string>> indexParameter = () => index;
        var parameter = Expression.Parameter(typeof(TEntity), "e");
        var column = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(string)], parameter, Expression.Constant(personal.BlindIndex.Name));
        return set.Where(Expression.Lambda<Func<TEntity, bool>>(Expression.Equal(column, indexParameter.Body), parameter));
    }
}
