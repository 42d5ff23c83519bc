using System.Net.Http.Json;
using Npgsql;
using PrivacyGuard.Tests;

namespace PrivacyGuard.Samples.Tests.AccountService;

/// <summary>The account service with <c>ConnectionStrings:Accounts</c> set: its data (and here its privacy store) on PostgreSQL.</summary>
public sealed class PostgreSqlAccountServiceTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_a_connection_string_the_service_stores_protected_rows_on_PostgreSQL_and_reads_them_back()
    {
        var accounts = await postgres.CreateDatabaseAsync("accounts");
        var store = await postgres.CreateDatabaseAsync("store");
        await using var host = await AccountServiceHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Accounts"] = accounts,
            ["PrivacyGuard:Store:Provider"] = "PostgreSql",
            ["PrivacyGuard:Store:ConnectionString"] = store,
        }, Ct);

        var id = await host.SignUpAsync("Jane Doe", "janed", "jane.doe@example.com", cancellationToken: Ct);

        var row = await AccountServiceTests.ReadRowAsync(new NpgsqlConnection(accounts), id);
        Assert.StartsWith("pg1.", row["RealName"], StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe@example.com", string.Join('|', row.Values), StringComparison.OrdinalIgnoreCase);
        var profile = await host.Client.GetFromJsonAsync<ProfileDto>($"accounts/{id}", Ct);
        Assert.Equal("Jane Doe", profile!.RealName);
        Assert.False(File.Exists(host.AccountsDatabasePath));
    }
}
