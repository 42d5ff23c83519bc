using Npgsql;

namespace PrivacyGuard.Tests.Storage;

/// <summary>Proves the throwaway PostgreSQL server the test command starts is there and usable.</summary>
public class PostgresWiringTests(PostgresServer postgres)
{
    [Fact]
    public async Task The_test_run_has_a_real_PostgreSQL_server()
    {
        var connectionString = await postgres.CreateDatabaseAsync("wiring");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int", connection);
        var version = (int)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        Assert.True(version >= 120000, $"expected PostgreSQL 12 or newer, got {version}");
    }
}
