using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Rights;

/// <summary>Each application context and the privacy store in fresh databases of the throwaway PostgreSQL server.</summary>
public sealed class PostgreSqlSubjectRightsTests(PostgresServer postgres) : SubjectRightsTests
{
    private readonly TestDatabases _databases = new PostgreSqlTestDatabases(postgres);

    protected override ValueTask CreateDatabasesAsync() => _databases.CreateAsync("accounts", "tickets");

    protected override void ConfigureStore(PrivacyStoreOptions options) => _databases.ConfigureStore(options);

    protected override void UseAccountsDatabase(DbContextOptionsBuilder options) => _databases.Use(options, "accounts");

    protected override void UseTicketsDatabase(DbContextOptionsBuilder options) => _databases.Use(options, "tickets");

    protected override DbConnection CreateRawConnection(bool tickets) => _databases.CreateRawConnection(tickets ? "tickets" : "accounts");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
    }
}
