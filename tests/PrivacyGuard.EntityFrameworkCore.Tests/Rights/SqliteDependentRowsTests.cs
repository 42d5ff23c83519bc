using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Rights;

/// <summary>The shop context in its own SQLite file, the privacy store in its own folder.</summary>
public sealed class SqliteDependentRowsTests : DependentRowsTests
{
    private readonly TestDatabases _databases = new SqliteTestDatabases();

    protected override ValueTask CreateDatabasesAsync() => _databases.CreateAsync("shop");

    protected override void ConfigureStore(PrivacyStoreOptions options) => _databases.ConfigureStore(options);

    protected override void UseShopDatabase(DbContextOptionsBuilder options) => _databases.Use(options, "shop");

    protected override DbConnection CreateRawConnection() => _databases.CreateRawConnection("shop");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
    }
}
