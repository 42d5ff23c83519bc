using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Retention;

/// <summary>The application context in a SQLite file, the privacy store in its own folder.</summary>
public sealed class SqliteRetentionTests : RetentionTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "privacyguard-retention-" + Guid.NewGuid().ToString("N")[..12]);

    private string App => $"Data Source={Path.Combine(_folder, "app.db")}";

    protected override ValueTask CreateDatabasesAsync()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "store"));
        return ValueTask.CompletedTask;
    }

    protected override void ConfigureStore(PrivacyStoreOptions options)
    {
        options.Provider = PrivacyStoreProvider.Sqlite;
        options.DataDirectory = Path.Combine(_folder, "store");
    }

    protected override void UseDatabase(DbContextOptionsBuilder options) => options.UseSqlite(App);

    protected override DbConnection CreateRawConnection() => new SqliteConnection(App);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
