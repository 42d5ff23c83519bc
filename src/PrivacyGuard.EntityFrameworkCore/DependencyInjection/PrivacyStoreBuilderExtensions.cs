using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrivacyGuard.AccessLog;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore;
using PrivacyGuard.Keys;
using PrivacyGuard.Restriction;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the EF Core privacy store (subject keys, restrictions, objections, the access log) to PrivacyGuard.</summary>
public static class PrivacyStoreBuilderExtensions
{
    /// <summary>
    /// Adds the privacy store configured from <paramref name="configuration"/>'s <c>PrivacyGuard:Store</c> section
    /// (pass the application's configuration root), with the access log's settings from <c>PrivacyGuard:AccessLog</c>.
    /// Options are validated when the host starts.
    /// </summary>
    public static IPrivacyGuardBuilder AddPrivacyStore(this IPrivacyGuardBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<PrivacyStoreOptions>().Bind(configuration.GetSection(PrivacyStoreOptions.SectionName));
        builder.AddAccessLog(configuration);
        return builder.AddPrivacyStoreCore();
    }

    /// <summary>
    /// Adds the privacy store configured in code: a SQLite file of its own (<c>.data/privacyguard.db</c>) unless
    /// <paramref name="configure"/> says otherwise. Options are validated when the host starts.
    /// </summary>
    public static IPrivacyGuardBuilder AddPrivacyStore(this IPrivacyGuardBuilder builder, Action<PrivacyStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder.AddPrivacyStoreCore();
    }

    private static IPrivacyGuardBuilder AddPrivacyStoreCore(this IPrivacyGuardBuilder builder)
    {
        var services = builder.Services;
        services.AddLogging();
        services.AddOptionsWithValidateOnStart<PrivacyStoreOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyStoreOptions>, PrivacyStoreOptionsValidator>());

        // Both factories are registered; only the configured provider's is ever resolved (PrivacyStoreContextFactory).
        services.AddPooledDbContextFactory<SqlitePrivacyStoreDbContext>((sp, options) =>
        {
            var store = sp.GetRequiredService<IOptions<PrivacyStoreOptions>>().Value;
            PrivacyStoreDbContextOptions.ForSqlite(options, store.ResolveSqliteConnectionString(), store.CommandTimeout);
        });
        services.AddPooledDbContextFactory<PostgreSqlPrivacyStoreDbContext>((sp, options) =>
        {
            var store = sp.GetRequiredService<IOptions<PrivacyStoreOptions>>().Value;
            PrivacyStoreDbContextOptions.ForPostgreSql(options, store.ConnectionString!, store.Schema, store.CommandTimeout);
        });

        services.TryAddSingleton<PrivacyStoreContextFactory>();
        services.TryAddSingleton(sp => new PrivacyStoreMigrator(sp.GetRequiredService<PrivacyStoreContextFactory>()));
        services.TryAddSingleton<InProcessDataKeyChangeFeed>();
        services.TryAddSingleton<PostgresDataKeyChangeFeed>();
        services.TryAddSingleton<IDataKeyStore, EfDataKeyStore>();
        services.TryAddSingleton<IDataKeyChangeFeed>(sp =>
            sp.GetRequiredService<IOptions<PrivacyStoreOptions>>().Value.Provider == PrivacyStoreProvider.PostgreSql
                ? sp.GetRequiredService<PostgresDataKeyChangeFeed>()
                : sp.GetRequiredService<InProcessDataKeyChangeFeed>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PrivacyStoreMigrationHostedService>());

        // Per-subject data keys live in this store; the starter subscribes the key cache to the change feed.
        services.TryAddSingleton(sp => new SubjectKeyService(
            sp.GetRequiredService<IDataKeyStore>(),
            sp.GetRequiredService<IKeyEncryptionKeyProvider>(),
            sp.GetRequiredService<IOptions<SubjectKeyOptions>>(),
            sp.GetRequiredService<IDataKeyChangeFeed>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SubjectKeyServiceStarter>());

        // Restrictions and objections: an in-memory snapshot loaded at start and kept current by the change feed.
        services.TryAddSingleton<EfRestrictionRegistry>();
        services.TryAddSingleton<IRestrictionRegistry>(sp => sp.GetRequiredService<EfRestrictionRegistry>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RestrictionRegistryStarter>());

        // The tamper-evident access log keeps its events and chain heads here (PrivacyGuard:AccessLog for its settings).
        services.TryAddSingleton<IAccessLogStore, EfAccessLogStore>();
        builder.AddAccessLog();
        return builder;
    }
}
