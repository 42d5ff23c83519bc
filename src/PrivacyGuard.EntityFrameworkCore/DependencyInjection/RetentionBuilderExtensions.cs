using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivacyGuard;
using PrivacyGuard.AccessLog;
using PrivacyGuard.EntityFrameworkCore.Retention;
using PrivacyGuard.EntityFrameworkCore.Rights;
using PrivacyGuard.Restriction;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the retention purge (<see cref="RetentionPurger"/>) and its background service.</summary>
public static class RetentionBuilderExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TContext"/> to the contexts the retention purge covers (contexts added with
    /// <c>AddSubjectRights</c> are covered too), with options from <paramref name="configuration"/>'s
    /// <c>PrivacyGuard:Retention</c> section (<c>Interval</c>, <c>DryRun</c>, <c>BatchSize</c>).
    /// </summary>
    /// <typeparam name="TContext">An application context configured with <c>UsePrivacyGuard</c> and registered in the container.</typeparam>
    /// <param name="builder">The PrivacyGuard builder (after <c>AddEntityFrameworkCore</c>).</param>
    /// <param name="configuration">The application's configuration root.</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyGuardBuilder AddRetention<TContext>(this IPrivacyGuardBuilder builder, IConfiguration configuration)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName));
        return builder.AddRetention<TContext>(configure: null);
    }

    /// <summary>
    /// Adds <typeparamref name="TContext"/> to the contexts the retention purge covers (contexts added with
    /// <c>AddSubjectRights</c> are covered too; repeated calls are fine) and the background service that purges every
    /// <see cref="RetentionOptions.Interval"/>.
    /// </summary>
    /// <typeparam name="TContext">An application context configured with <c>UsePrivacyGuard</c> and registered in the container.</typeparam>
    /// <param name="builder">The PrivacyGuard builder (after <c>AddEntityFrameworkCore</c>).</param>
    /// <param name="configure">Optional settings in code.</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyGuardBuilder AddRetention<TContext>(this IPrivacyGuardBuilder builder, Action<RetentionOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(SubjectRightsContextRegistration)
                && d.ImplementationInstance is SubjectRightsContextRegistration r && r.ContextType == typeof(TContext)))
        {
            services.AddSingleton(new SubjectRightsContextRegistration(typeof(TContext)));
        }

        var options = services.AddOptions<RetentionOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(d => d.ServiceType == typeof(RetentionPurger)))
        {
            options
                .Validate(o => o.Interval > TimeSpan.Zero, $"{RetentionOptions.SectionName}:Interval must be positive.")
                .Validate(o => o.BatchSize > 0, $"{RetentionOptions.SectionName}:BatchSize must be positive.");

            // Validated when LastGoodOptions is built (for the hosted service, at start-up), not through ValidateOnStart,
            // whose options monitor throws from every configuration reload with invalid settings; LastGoodOptions keeps
            // the last good settings instead.
            services.TryAddSingleton<LastGoodOptions<RetentionOptions>>();
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton(sp => new RetentionPurger(
                sp.GetServices<SubjectRightsContextRegistration>(),
                sp.GetRequiredService<IServiceScopeFactory>(),
                sp.GetRequiredService<IPrivacyScope>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<LastGoodOptions<RetentionOptions>>(),
                sp.GetRequiredService<ILogger<RetentionPurger>>(),
                sp.GetRequiredService<IAccessLog>()));
            services.AddSingleton<RetentionService>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RetentionService>());
        }

        return builder;
    }
}
