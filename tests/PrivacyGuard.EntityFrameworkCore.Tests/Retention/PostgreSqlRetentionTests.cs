using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Retention;

/// <summary>The application context and the privacy store in fresh databases of the throwaway PostgreSQL server.</summary>
public sealed class PostgreSqlRetentionTests(PostgresServer postgres) : RetentionTests
{
    private readonly TestDatabases _databases = new PostgreSqlTestDatabases(postgres);

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
