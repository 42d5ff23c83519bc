using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.AccessLog;

/// <summary>Each application context in its own SQLite file, the privacy store in its own folder.</summary>
public sealed class SqliteEntityAccessLogTests : EntityAccessLogTests
{
    private readonly TestDatabases _databases = new SqliteTestDatabases();

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
