using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests;

/// <summary>
/// Named application databases plus a privacy store of their own, on one provider: what every spec suite's SQLite and
/// PostgreSQL subclass needs. Disposing releases pooled connections and deletes what was created.
/// </summary>
internal abstract class TestDatabases : IAsyncDisposable
{
    /// <summary>Creates the application databases named and the store's.</summary>
    public abstract ValueTask CreateAsync(params string[] names);

    /// <summary>Points the privacy store at its own database.</summary>
    public abstract void ConfigureStore(PrivacyStoreOptions options);

    /// <summary>Points a DbContext at the application database <paramref name="name"/>.</summary>
    public abstract void Use(DbContextOptionsBuilder options, string name);

    /// <summary>A plain ADO.NET connection to <paramref name="name"/>, for reading raw tables.</summary>
    public abstract DbConnection CreateRawConnection(string name);

    public abstract ValueTask DisposeAsync();
}

/// <summary>
/// One SQLite file per application database and a store folder, in a temporary folder deleted afterwards. The race
/// tests pass <see cref="MemoryBacked"/>: the same files in <c>/dev/shm</c> when the machine has it, since ten thousand
/// interleavings only get slower with a disk's fsync per commit.
/// </summary>
internal sealed class SqliteTestDatabases(string? parentFolder = null) : TestDatabases
{
    private readonly string _folder = Path.Combine(parentFolder ?? Path.GetTempPath(), "privacyguard-ef-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Memory-backed <c>/dev/shm</c> where it exists, else the temporary folder.</summary>
    public static string? MemoryBacked => Directory.Exists("/dev/shm") ? "/dev/shm" : null;

    public override ValueTask CreateAsync(params string[] names)
    {
        Directory.CreateDirectory(Path.Combine(_folder, "store"));
        return ValueTask.CompletedTask;
    }

    public override void ConfigureStore(PrivacyStoreOptions options)
    {
        options.Provider = PrivacyStoreProvider.Sqlite;
        options.DataDirectory = Path.Combine(_folder, "store");
    }

    public override void Use(DbContextOptionsBuilder options, string name) => options.UseSqlite(ConnectionString(name));

    public override DbConnection CreateRawConnection(string name) => new SqliteConnection(ConnectionString(name));

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private string ConnectionString(string name) => $"Data Source={Path.Combine(_folder, name + ".db")}";
}

/// <summary>Fresh databases on the throwaway PostgreSQL server; their idle pooled connections are closed afterwards.</summary>
internal sealed class PostgreSqlTestDatabases(PostgresServer postgres) : TestDatabases
{
    private readonly Dictionary<string, string> _databases = new(StringComparer.Ordinal);
    private string? _store;

    public override async ValueTask CreateAsync(params string[] names)
    {
        postgres.EnsureAvailable();
        foreach (var name in names)
        {
            _databases[name] = await postgres.CreateDatabaseAsync(name);
        }

        _store = await postgres.CreateDatabaseAsync("store");
    }

    public override void ConfigureStore(PrivacyStoreOptions options)
    {
        options.Provider = PrivacyStoreProvider.PostgreSql;
        options.ConnectionString = _store;
    }

    public override void Use(DbContextOptionsBuilder options, string name) => options.UseNpgsql(_databases[name]);

    public override DbConnection CreateRawConnection(string name) => new NpgsqlConnection(_databases[name]);

    /// <summary>Closes this test's idle pooled connections, so a suite of fresh databases stays under max_connections.</summary>
    public override async ValueTask DisposeAsync()
    {
        foreach (var connectionString in _databases.Values.Append(_store))
        {
            if (connectionString is not null)
            {
                await using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }
        }
    }
}
