using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Retention;

/// <summary>The application context and the privacy store in fresh databases of the throwaway PostgreSQL server.</summary>
public sealed class PostgreSqlRetentionTests(PostgresServer postgres) : RetentionTests
{
    private string? _app;
    private string? _store;

    protected override async ValueTask CreateDatabasesAsync()
    {
        postgres.EnsureAvailable();
        _app = await postgres.CreateDatabaseAsync("retention");
        _store = await postgres.CreateDatabaseAsync("store");
    }

    protected override void ConfigureStore(PrivacyStoreOptions options)
    {
        options.Provider = PrivacyStoreProvider.PostgreSql;
        options.ConnectionString = _store;
    }

    protected override void UseDatabase(DbContextOptionsBuilder options) => options.UseNpgsql(_app);

    protected override DbConnection CreateRawConnection() => new NpgsqlConnection(_app);

    /// <summary>Closes this test's idle pooled connections so the server is not exhausted.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var connectionString in new[] { _app, _store })
        {
            if (connectionString is not null)
            {
                await using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }
        }
    }
}
