using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Restriction;

/// <summary>The application's tables in one SQLite file, the privacy store in its own file.</summary>
public sealed class SqliteRestrictionTests : RestrictionTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "privacyguard-restrict-" + Guid.NewGuid().ToString("N")[..12]);

    private string AppConnectionString => $"Data Source={Path.Combine(_folder, "app.db")}";

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

    protected override void UseAppDatabase(DbContextOptionsBuilder options) => options.UseSqlite(AppConnectionString);

    protected override DbConnection CreateRawConnection() => new SqliteConnection(AppConnectionString);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
