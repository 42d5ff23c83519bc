using Microsoft.Data.Sqlite;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Races;

/// <summary>
/// The bulk of the interleavings, in bulk mode: store and application database as SQLite files in write-ahead-log mode
/// (readers never wait for the writer).
/// </summary>
public sealed class SqliteRestrictionEraseRaceTests : RestrictionEraseRaceTests
{
    private protected override TestDatabases Databases { get; } = new SqliteTestDatabases(SqliteTestDatabases.MemoryBacked);

    protected override int Interleavings => 10_000;

    protected override bool Bulk => true;

    private protected override async Task PrepareAsync(Action<PrivacyStoreOptions> configureStore)
    {
        var store = new PrivacyStoreOptions();
        configureStore(store);
        foreach (var connection in new[] { Databases.CreateRawConnection("tickets"), new SqliteConnection(store.ResolveSqliteConnectionString()) })
        {
            await using (connection)
            {
                await connection.OpenAsync(Ct);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=WAL";
                await command.ExecuteNonQueryAsync(Ct);
            }
        }
    }
}
