namespace PrivacyGuard.EntityFrameworkCore.Tests.AccessLog;

/// <summary>The privacy store in its own SQLite file.</summary>
public sealed class SqliteAccessLogStoreTests : AccessLogStoreTests
{
    private readonly TestDatabases _databases = new SqliteTestDatabases();

    protected override ValueTask CreateDatabasesAsync() => _databases.CreateAsync();

    protected override void ConfigureStore(PrivacyStoreOptions options) => _databases.ConfigureStore(options);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
    }
}
