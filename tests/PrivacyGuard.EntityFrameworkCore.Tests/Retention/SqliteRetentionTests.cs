using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Retention;

/// <summary>The application context in a SQLite file, the privacy store in its own folder.</summary>
public sealed class SqliteRetentionTests : RetentionTests
{
    private readonly TestDatabases _databases = new SqliteTestDatabases();

    protected override ValueTask CreateDatabasesAsync() => _databases.CreateAsync("app");

    protected override void ConfigureStore(PrivacyStoreOptions options) => _databases.ConfigureStore(options);

    protected override void UseDatabase(DbContextOptionsBuilder options) => _databases.Use(options, "app");

    protected override DbConnection CreateRawConnection() => _databases.CreateRawConnection("app");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
    }
}
