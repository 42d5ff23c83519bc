using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Interception;

/// <summary>The application's tables and the privacy store in two fresh databases of the throwaway PostgreSQL server.</summary>
public sealed class PostgreSqlPersonalDataInterceptionTests(PostgresServer postgres) : PersonalDataInterceptionTests
{
    private string? _app;
    private string? _store;

    protected override async ValueTask CreateDatabasesAsync()
    {
        postgres.EnsureAvailable();
        _app = await postgres.CreateDatabaseAsync("app");
        _store = await postgres.CreateDatabaseAsync("store");
    }

    protected override void ConfigureStore(PrivacyStoreOptions options)
    {
        options.Provider = PrivacyStoreProvider.PostgreSql;
        options.ConnectionString = _store;
    }

    protected override void UseAppDatabase(DbContextOptionsBuilder options) => options.UseNpgsql(_app);

    protected override DbConnection CreateRawConnection() => new NpgsqlConnection(_app);

    /// <summary>Closes this test's idle pooled connections, so a suite of fresh databases stays under max_connections.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        ClearPool(_app);
        ClearPool(_store);
    }

    private static void ClearPool(string? connectionString)
    {
        if (connectionString is not null)
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
