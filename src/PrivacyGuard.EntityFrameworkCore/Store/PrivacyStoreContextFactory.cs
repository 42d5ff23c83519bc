using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Creates a short-lived context of the configured provider from its pooled factory. Singletons use this, never a
/// scoped context: each operation creates, uses and disposes its own.
/// </summary>
internal sealed class PrivacyStoreContextFactory
{
    private readonly Func<PrivacyStoreDbContext> _create;

    public PrivacyStoreContextFactory(IServiceProvider services, IOptions<PrivacyStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        Provider = options.Value.Provider;
        if (Provider == PrivacyStoreProvider.PostgreSql)
        {
            var factory = services.GetRequiredService<IDbContextFactory<PostgreSqlPrivacyStoreDbContext>>();
            _create = factory.CreateDbContext;
            StoreName = "PostgreSQL";
        }
        else
        {
            var factory = services.GetRequiredService<IDbContextFactory<SqlitePrivacyStoreDbContext>>();
            _create = factory.CreateDbContext;
            StoreName = "SQLite";
        }
    }

    public PrivacyStoreProvider Provider { get; }

    /// <summary><c>SQLite</c> or <c>PostgreSQL</c>, for messages.</summary>
    public string StoreName { get; }

    public PrivacyStoreDbContext CreateDbContext() => _create();
}
