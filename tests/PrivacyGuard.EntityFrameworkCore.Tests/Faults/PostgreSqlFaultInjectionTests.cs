using Npgsql;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Faults;

/// <summary>Application databases on the throwaway PostgreSQL server; each store partition a schema of the store database.</summary>
public sealed class PostgreSqlFaultInjectionTests(PostgresServer postgres) : FaultInjectionTests
{
    private protected override TestDatabases Databases { get; } = new PostgreSqlTestDatabases(postgres);

    private protected override Exception LostConnection() => new NpgsqlException("Injected fault: the connection was lost.", new IOException("Injected fault."));
}
