using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.AccessLog;

/// <summary>Each application context and the privacy store in fresh databases of the throwaway PostgreSQL server.</summary>
public sealed class PostgreSqlEntityAccessLogTests(PostgresServer postgres) : EntityAccessLogTests
{
    private readonly TestDatabases _databases = new PostgreSqlTestDatabases(postgres);

    protected override ValueTask CreateDatabasesAsync() => _databases.CreateAsync("accounts", "tickets", "retention");

    protected override void ConfigureStore(PrivacyStoreOptions options) => _databases.ConfigureStore(options);

    protected override void UseAccountsDatabase(DbContextOptionsBuilder options) => _databases.Use(options, "accounts");

    protected override void UseTicketsDatabase(DbContextOptionsBuilder options) => _databases.Use(options, "tickets");

    protected override void UseRetentionDatabase(DbContextOptionsBuilder options) => _databases.Use(options, "retention");

    protected override DbConnection CreateRawConnection(string name) => _databases.CreateRawConnection(name);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
    }
}
