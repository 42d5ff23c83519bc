using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PrivacyGuard.AccessLog;
using PrivacyGuard.Restriction;
using PrivacyGuard.Tests;

namespace PrivacyGuard.Gateway.Tests;

public class StoreProviderTests(PostgresServer postgres)
{
    [Fact]
    public async Task With_a_postgresql_store_restrictions_block_at_the_edge_and_access_events_are_recorded_there()
    {
        var connectionString = await postgres.CreateDatabaseAsync("gateway");
        await using var upstream = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, new JsonObject { ["Subject"] = new JsonObject { ["Header"] = "X-Subject-Id" } })
            .With("Store", new JsonObject { ["Provider"] = "PostgreSql", ["ConnectionString"] = connectionString });
        try
        {
            await using var gateway = await GatewayHost.StartAsync(settings);
            await gateway.Services.GetRequiredService<IRestrictionRegistry>().RestrictAsync("subject-pg", RestrictionReason.UnlawfulProcessing, TestContext.Current.CancellationToken);

            using var request = new HttpRequestMessage(HttpMethod.Get, "api/orders");
            request.Headers.Add("X-Subject-Id", "subject-pg");
            using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Empty(upstream.Received);
            Assert.Equal(AccessOutcome.Denied, Assert.Single(await gateway.AccessEventsOfAsync("subject-pg")).Outcome);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM privacyguard.access_events", connection);
            Assert.True((long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))! >= 1);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
        }
    }
}
