using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Restriction;

/// <summary>The application's tables in one SQLite file, the privacy store in its own file.</summary>
public sealed class SqliteRestrictionTests : RestrictionTests
{
    private readonly TestDatabases _databases = new SqliteTestDatabases();

    protected override ValueTask CreateDatabasesAsync() => _databases.CreateAsync("app");

    protected override void ConfigureStore(PrivacyStoreOptions options) => _databases.ConfigureStore(options);

    protected override void UseAppDatabase(DbContextOptionsBuilder options) => _databases.Use(options, "app");

    protected override DbConnection CreateRawConnection() => _databases.CreateRawConnection("app");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
    }
}
