using Microsoft.Data.Sqlite;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Faults;

/// <summary>Application databases and store partitions as SQLite files in a temporary folder.</summary>
public sealed class SqliteFaultInjectionTests : FaultInjectionTests
{
    private const int SqliteIoError = 10;

    private protected override TestDatabases Databases { get; } = new SqliteTestDatabases();

    private protected override Exception LostConnection() => new SqliteException("Injected fault: disk I/O error.", SqliteIoError);
}
