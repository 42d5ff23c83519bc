using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Races;

/// <summary>
/// A few hundred interleavings end to end on the throwaway PostgreSQL server: every write persisted, the access log in
/// the store.
/// </summary>
public sealed class PostgreSqlRestrictionEraseRaceTests(PostgresServer postgres) : RestrictionEraseRaceTests
{
    private protected override TestDatabases Databases { get; } = new PostgreSqlTestDatabases(postgres);

    protected override int Interleavings => 300;

    protected override bool Bulk => false;
}
