using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Infrastructure;
using PrivacyGuard;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Interception;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Equality look-ups on personal data by its plaintext: blind index or pseudonym token.</summary>
public static class PersonalDataQueryableExtensions
{
    /// <summary>
    /// Filters <paramref name="set"/> to the entities whose personal-data <paramref name="property"/> holds
    /// <paramref name="value"/>; the value itself never reaches the database. A searchable encrypted property is
    /// compared by blind index (e-mail: after canonicalization; other text: after normalization); a pseudonymized
    /// property by the token of <paramref name="value"/> under the context's default purpose (a truncated IP address
    /// matches every address of its prefix).
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="set">The entity set.</param>
    /// <param name="property">The property, e.g. <c>u =&gt; u.Email</c>: pseudonymized, or encrypted and searchable.</param>
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
            || (personal.Treatment == Treatment.Encrypt && personal.BlindIndex is null))
        {
            throw new InvalidOperationException(
                $"{typeof(TEntity).Name}.{member.Member.Name} is neither pseudonymized nor a searchable encrypted property; to look it up, classify it with Treatment = Encrypt and Searchable = true.");
        }

        var extension = PrivacyGuardOptionsExtension.Of(context);
        var parameter = Expression.Parameter(typeof(TEntity), "e");
        string stored;
        Expression column;
        if (personal.BlindIndex is not null)
        {
            stored = extension.Services.BlindIndexes.Compute(personal, value);
            column = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(string)], parameter, Expression.Constant(personal.BlindIndex.Name));
        }
        else
        {
            stored = PersonalValuePseudonymizer.Pseudonymize(extension.Services.Pseudonymizers, entity, personal, value, extension.DefaultPurpose);
            column = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(string)], parameter, Expression.Constant(personal.Name));
        }

        Expression<Func<string>> storedParameter = () => stored;
        return set.Where(Expression.Lambda<Func<TEntity, bool>>(Expression.Equal(column, storedParameter.Body), parameter));
    }
}
