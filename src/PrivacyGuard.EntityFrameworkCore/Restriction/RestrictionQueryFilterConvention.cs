using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Adds the named filter <see cref="RestrictionQueryFilter.Name"/> to every root entity type with a data subject id
/// (EF Core puts filters on root types; derived types inherit them). Runs after <see cref="PersonalDataConvention"/>,
/// which has read <c>[DataSubjectId]</c> into annotations by then.
/// </summary>
internal sealed class RestrictionQueryFilterConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes().ToList())
        {
            if (entityType.BaseType is not null || entityType.IsOwned())
            {
                continue;
            }

            var subjectId = entityType.GetProperties().FirstOrDefault(PersonalDataAnnotations.IsSubjectId);
            if (subjectId is not null)
            {
                entityType.Builder.HasQueryFilter(RestrictionQueryFilter.Name, RestrictionQueryFilter.Create(entityType.ClrType, subjectId), fromDataAnnotation: true);
            }
        }
    }
}
