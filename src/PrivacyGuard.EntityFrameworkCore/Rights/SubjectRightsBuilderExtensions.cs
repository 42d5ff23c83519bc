using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrivacyGuard.EntityFrameworkCore.Rights;
using PrivacyGuard.Rights;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the EF Core implementation of <see cref="IDataSubjectRights"/>.</summary>
public static class SubjectRightsBuilderExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TContext"/> to the stores <see cref="IDataSubjectRights"/> covers (call once per context;
    /// repeated calls for the same context are ignored). The context must be registered in the container (e.g.
    /// <c>AddDbContext</c>) and configured with <c>UsePrivacyGuard</c>; each operation resolves it in its own scope.
    /// </summary>
    /// <typeparam name="TContext">An application context holding personal data.</typeparam>
    /// <param name="builder">The PrivacyGuard builder (after <c>AddEntityFrameworkCore</c>).</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyGuardBuilder AddSubjectRights<TContext>(this IPrivacyGuardBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(SubjectRightsContextRegistration)
                && d.ImplementationInstance is SubjectRightsContextRegistration r && r.ContextType == typeof(TContext)))
        {
            services.AddSingleton(new SubjectRightsContextRegistration(typeof(TContext)));
        }

        services.TryAddSingleton<IDataSubjectRights, EfDataSubjectRights>();
        return builder;
    }
}
