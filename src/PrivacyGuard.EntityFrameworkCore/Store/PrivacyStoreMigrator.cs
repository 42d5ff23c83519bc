using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Applies the privacy store's pending migrations (creating the SQLite file or the PostgreSQL schema on first use).
/// The host does it at start-up when <see cref="PrivacyStoreOptions.ApplyMigrationsAtStartup"/> is true; otherwise
/// resolve this service and call <see cref="MigrateAsync"/> from a deployment step. Safe to run from several
/// instances at once: EF Core takes a migration lock.
/// </summary>
public sealed class PrivacyStoreMigrator
{
    private readonly PrivacyStoreContextFactory _contexts;

    internal PrivacyStoreMigrator(PrivacyStoreContextFactory contexts) => _contexts = contexts;

    /// <summary>Applies pending migrations; throws <see cref="Storage.PrivacyStoreUnavailableException"/> when the store cannot be reached.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var context = _contexts.CreateDbContext();
        await using (context.ConfigureAwait(false))
        {
            try
            {
                await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                throw StoreFailures.Unavailable(context.StoreName, "applying migrations", e);
            }
        }
    }
}
