using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Interception;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Query;

/// <summary>
/// Builds the comparison behind <c>WherePersonal</c> for a resolved <see cref="PersonalMemberPath"/>: the stored form of
/// the plaintext, computed exactly as the save interceptor computes it, compared with the column that holds it.
/// </summary>
internal static class PersonalLookup
{
    /// <summary>
    /// <c>EF.Property&lt;string&gt;(instance, "…BlindIndex") == @stored</c> for a searchable encrypted property (the
    /// shadow lives on the entity type that holds the property, named after its complex path: <c>Contact_EmailBlindIndex</c>);
    /// <c>member == @stored</c> for a pseudonymized one. The stored value is a query parameter, never SQL text.
    /// </summary>
    public static Expression Match(DbContext context, PersonalMemberPath path, string value)
    {
        if (!PrivacyModel.For(context.Model).TryGet(path.EntityType, out var entity)
            || !entity.ByName.TryGetValue(path.PropertyName, out var personal))
        {
            throw WherePersonalErrors.NotPersonal(path.Display);
        }

        if (personal.Treatment == Treatment.Encrypt && personal.BlindIndex is null)
        {
            throw WherePersonalErrors.NotSearchable(path.Display);
        }

        var extension = PrivacyGuardOptionsExtension.Of(context);
        string stored;
        Expression column;
        if (personal.BlindIndex is not null)
        {
            // Keyed by the owner at the root and the full path (Customer, Home.Email): the save's key for this value.
            stored = extension.Services.BlindIndexes.Compute(personal, value);
            column = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(string)], path.Instance, Expression.Constant(personal.BlindIndex.Name));
        }
        else
        {
            // Tokens depend on category, treatment and the context's default purpose only, as on save.
            stored = PersonalValuePseudonymizer.Pseudonymize(extension.Services.Pseudonymizers, entity, personal, value, extension.DefaultPurpose);
            column = path.Member;
        }

        Expression<Func<string>> storedParameter = () => stored;
        return Expression.Equal(column, storedParameter.Body);
    }
}
