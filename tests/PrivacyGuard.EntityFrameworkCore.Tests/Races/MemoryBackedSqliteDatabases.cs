using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Races;

/// <summary>
/// SQLite files as <see cref="SqliteTestDatabases"/> makes them, but in <c>/dev/shm</c> (memory-backed) when the machine
/// has it: ten thousand interleavings race the restriction snapshot, the save guard and the key cache, and a disk's
/// fsync per commit would only make them slower. Same files, same SQLite, same connection strings otherwise.
/// </summary>
internal sealed class MemoryBackedSqliteDatabases : TestDatabases
{
    private readonly string _folder = Path.Combine(
        Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(),
        "privacyguard-races-" + Guid.NewGuid().ToString("N")[..12]);

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
