using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Rights;

/// <summary>The shop context and the privacy store in fresh databases of the throwaway PostgreSQL server.</summary>
public sealed class PostgreSqlDependentRowsTests(PostgresServer postgres) : DependentRowsTests
{
    private readonly TestDatabases _databases = new PostgreSqlTestDatabases(postgres);

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
