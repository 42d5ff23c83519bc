using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Query;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Adds the named filter <see cref="RestrictionQueryFilter.Name"/> to every root entity type with a data subject id
/// (EF Core puts filters on root types; derived types inherit them). Runs after <see cref="PersonalDataConvention"/>,
/// which has read <c>[DataSubjectId]</c> into annotations by then.
/// </summary>
/// <remarks>
/// EF Core 10 does not combine an anonymous filter (<c>HasQueryFilter(e =&gt; ...)</c>) with named ones on one entity
/// type. When the application declared an anonymous filter, the restriction predicate is folded into it with
/// <c>&amp;&amp;</c> instead, so the application's model keeps building and both still apply.
/// </remarks>
internal sealed class RestrictionQueryFilterConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes().ToList())
        {
            if (entityType.BaseType is not null && !entityType.IsOwned()
                && entityType.GetDeclaredProperties().FirstOrDefault(PersonalDataAnnotations.IsSubjectId) is { } declared)
            {
                // Fail closed: the filter sits on the root, and subject rights load rows through it.
                throw new InvalidOperationException(
                    $"{entityType.ClrType.Name}.{declared.Name} is a data subject id declared on a derived type; declare it on the root of the hierarchy, "
                    + $"{entityType.GetRootType().ClrType.Name}, where restricted subjects' rows are left out of queries and subject rights find them.");
            }

            if (entityType.BaseType is not null || entityType.IsOwned())
            {
                continue;
            }

            var subjectId = entityType.GetProperties().FirstOrDefault(PersonalDataAnnotations.IsSubjectId);
            if (subjectId is null)
            {
                continue;
            }

            if (!RestrictionQueryFilter.SupportsIdType(subjectId.ClrType))
            {
                // Fail closed: ids the filter cannot compare would never be left out.
                throw new InvalidOperationException(
                    $"{entityType.ClrType.Name}.{subjectId.Name} is the data subject id, but PrivacyGuard can leave restricted subjects' rows out only for "
                    + $"string, Guid or integer subject ids (it is {subjectId.ClrType.Name}).");
            }

            var restriction = RestrictionQueryFilter.Create(entityType.ClrType, subjectId);
            var anonymous = entityType.GetDeclaredQueryFilters().FirstOrDefault(f => f.IsAnonymous);
            if (anonymous?.Expression is { } existing)
            {
                var parameter = restriction.Parameters[0];
                var body = ReplacingExpressionVisitor.Replace(existing.Parameters[0], parameter, existing.Body);
                ((IMutableEntityType)entityType).SetQueryFilter(Expression.Lambda(Expression.AndAlso(body, restriction.Body), parameter));
            }
            else
            {
                entityType.Builder.HasQueryFilter(RestrictionQueryFilter.Name, restriction, fromDataAnnotation: true);
            }
        }
    }
}
