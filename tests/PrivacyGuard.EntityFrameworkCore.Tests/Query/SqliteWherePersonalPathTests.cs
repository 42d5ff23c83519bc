using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Query;

/// <summary>The application's tables in one SQLite file, the privacy store in its own folder.</summary>
public sealed class SqliteWherePersonalPathTests : WherePersonalPathTests
{
    private readonly TestDatabases _databases = new SqliteTestDatabases();

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
