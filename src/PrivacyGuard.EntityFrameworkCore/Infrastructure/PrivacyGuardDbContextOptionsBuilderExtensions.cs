using Microsoft.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Interception;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Turns PrivacyGuard on for a <see cref="DbContext"/>, with any relational provider.</summary>
public static class PrivacyGuardDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Protects the context's <c>[PersonalData]</c> properties: pseudonymized and encrypted on save, decrypted when
    /// entities are materialized, blind indexes kept, queries that project or filter on ciphertext refused, and every
    /// save and query of personal data recorded in the access log.
    /// Needs <c>services.AddPrivacyGuard(...).AddPrivacyStore(...).AddEntityFrameworkCore()</c>.
    /// </summary>
    /// <param name="optionsBuilder">The context's options.</param>
    /// <param name="applicationServices">
    /// The application's service provider (the root, or the scope <c>AddDbContext</c> passes): only PrivacyGuard's
    /// singletons are resolved from it, and it is not kept.
    /// </param>
    /// <param name="configure">Per-context settings, such as the default purpose.</param>
    /// <returns>The same builder.</returns>
    public static DbContextOptionsBuilder UsePrivacyGuard(this DbContextOptionsBuilder optionsBuilder, IServiceProvider applicationServices, Action<PrivacyGuardDbContextOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(applicationServices);
        var settings = new PrivacyGuardDbContextOptions();
        configure?.Invoke(settings);
        var alreadyConfigured = optionsBuilder.Options.FindExtension<PrivacyGuardOptionsExtension>() is not null;
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(new PrivacyGuardOptionsExtension(applicationServices, settings.DefaultPurpose));
        if (!alreadyConfigured)
        {
            // Process-wide, stateless interceptors: the same instances for every context, so EF Core keeps one internal
            // service provider; they find the application's services through the options extension.
            optionsBuilder.AddInterceptors(
                PersonalDataSaveChangesInterceptor.Instance,
                PersonalDataReadInterceptor.Instance,
                BulkDeleteRecorder.Instance,
                EncryptedPropertyQueryInterceptor.Instance);
        }

        return optionsBuilder;
    }

    /// <inheritdoc cref="UsePrivacyGuard(DbContextOptionsBuilder, IServiceProvider, Action{PrivacyGuardDbContextOptions}?)"/>
    /// <typeparam name="TContext">The context type.</typeparam>
    public static DbContextOptionsBuilder<TContext> UsePrivacyGuard<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, IServiceProvider applicationServices, Action<PrivacyGuardDbContextOptions>? configure = null)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)UsePrivacyGuard((DbContextOptionsBuilder)optionsBuilder, applicationServices, configure);
}
