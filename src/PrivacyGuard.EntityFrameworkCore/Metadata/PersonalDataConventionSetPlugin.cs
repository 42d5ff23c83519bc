using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace PrivacyGuard.EntityFrameworkCore.Metadata;

/// <summary>Adds <see cref="PersonalDataConvention"/> and the restriction query filter to every model of a context that uses PrivacyGuard.</summary>
internal sealed class PersonalDataConventionSetPlugin : IConventionSetPlugin
{
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        conventionSet.ModelFinalizingConventions.Add(new PersonalDataConvention());
        conventionSet.ModelFinalizingConventions.Add(new RestrictionQueryFilterConvention());
        return conventionSet;
    }
}
