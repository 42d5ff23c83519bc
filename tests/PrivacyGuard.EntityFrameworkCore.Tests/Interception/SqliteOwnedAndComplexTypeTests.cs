using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Interception;

/// <summary>The application's tables in one SQLite file, the privacy store in its own folder.</summary>
public sealed class SqliteOwnedAndComplexTypeTests : OwnedAndComplexTypeTests
{
    private readonly TestDatabases _databases = new SqliteTestDatabases();

    protected override ValueTask CreateDatabasesAsync() => _databases.CreateAsync("customers");

    protected override void ConfigureStore(PrivacyStoreOptions options) => _databases.ConfigureStore(options);

    protected override void UseAppDatabase(DbContextOptionsBuilder options) => _databases.Use(options, "customers");

    protected override DbConnection CreateRawConnection() => _databases.CreateRawConnection("customers");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
    }
}
