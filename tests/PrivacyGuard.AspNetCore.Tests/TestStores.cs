using Microsoft.Data.Sqlite;
using Npgsql;
using PrivacyGuard.EntityFrameworkCore;
using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests;

/// <summary>Where a test's privacy store lives: a SQLite folder or a fresh PostgreSQL database; disposing cleans up.</summary>
public abstract class TestStore : IAsyncDisposable
{
    /// <summary>Points the privacy store at this test's store.</summary>
    public abstract void Configure(PrivacyStoreOptions options);

    public abstract ValueTask DisposeAsync();
}

/// <summary>A privacy store in SQLite files under a temporary folder, deleted afterwards.</summary>
public sealed class SqliteTestStore : TestStore
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "privacyguard-edge-" + Guid.NewGuid().ToString("N")[..12]);

    public SqliteTestStore() => Directory.CreateDirectory(_folder);

    public override void Configure(PrivacyStoreOptions options)
    {
        options.Provider = PrivacyStoreProvider.Sqlite;
        options.DataDirectory = _folder;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A privacy store in a fresh database of the throwaway PostgreSQL server; its pooled connections are closed afterwards.</summary>
public sealed class PostgreSqlTestStore : TestStore
{
    private readonly string _connectionString;

    private PostgreSqlTestStore(string connectionString) => _connectionString = connectionString;

    public static async Task<PostgreSqlTestStore> CreateAsync(PostgresServer postgres)
    {
        postgres.EnsureAvailable();
        return new PostgreSqlTestStore(await postgres.CreateDatabaseAsync("edge"));
    }

    public override void Configure(PrivacyStoreOptions options)
    {
        options.Provider = PrivacyStoreProvider.PostgreSql;
        options.ConnectionString = _connectionString;
    }

    public override ValueTask DisposeAsync()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        NpgsqlConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
