using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Query;

/// <summary>The application's tables and the privacy store in fresh databases of the throwaway PostgreSQL server.</summary>
public sealed class PostgreSqlWherePersonalPathTests(PostgresServer postgres) : WherePersonalPathTests
{
    private readonly TestDatabases _databases = new PostgreSqlTestDatabases(postgres);

    protected override ValueTask CreateDatabasesAsync() => _databases.CreateAsync("subscribers");

    protected override void ConfigureStore(PrivacyStoreOptions options) => _databases.ConfigureStore(options);

    protected override void UseAppDatabase(DbContextOptionsBuilder options) => _databases.Use(options, "subscribers");

    protected override DbConnection CreateRawConnection() => _databases.CreateRawConnection("subscribers");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
    }
}
