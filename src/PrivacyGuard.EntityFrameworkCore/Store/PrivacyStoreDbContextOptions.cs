using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>Configures the provider-specific context options, the same way at run time and at design time.</summary>
internal static class PrivacyStoreDbContextOptions
{
    public const string MigrationsHistoryTable = "__EFMigrationsHistory";

    public static void ForSqlite(DbContextOptionsBuilder builder, string connectionString, TimeSpan commandTimeout)
    {
        builder.UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(Seconds(commandTimeout)));
        Common(builder);
    }

    public static void ForPostgreSql(DbContextOptionsBuilder builder, string connectionString, string schema, TimeSpan commandTimeout)
    {
        builder.UseNpgsql(connectionString, npgsql => npgsql
            .CommandTimeout(Seconds(commandTimeout))
            .MigrationsHistoryTable(MigrationsHistoryTable, schema));
        Common(builder);
        if (!string.Equals(schema, PrivacyStoreOptions.DefaultSchema, StringComparison.Ordinal))
        {
            // The migrations were scaffolded for the default schema and are re-targeted at run time
            // (PrivacyStoreMigrationsAssembly); the snapshot naming the default schema is not a pending change.
            builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        }
    }

    private static void Common(DbContextOptionsBuilder builder)
    {
        builder.ReplaceService<IModelCacheKeyFactory, PrivacyStoreModelCacheKeyFactory>();
        builder.ReplaceService<IMigrationsAssembly, PrivacyStoreMigrationsAssembly>();
    }

    private static int Seconds(TimeSpan timeout) => (int)Math.Ceiling(timeout.TotalSeconds);
}
