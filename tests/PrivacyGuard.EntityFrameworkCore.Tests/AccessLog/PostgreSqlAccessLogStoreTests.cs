using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.AccessLog;

/// <summary>The privacy store in a fresh database of the throwaway PostgreSQL server.</summary>
public sealed class PostgreSqlAccessLogStoreTests(PostgresServer postgres) : AccessLogStoreTests
{
    private readonly TestDatabases _databases = new PostgreSqlTestDatabases(postgres);

    protected override ValueTask CreateDatabasesAsync() => _databases.CreateAsync();

    protected override void ConfigureStore(PrivacyStoreOptions options) => _databases.ConfigureStore(options);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
    }
}
