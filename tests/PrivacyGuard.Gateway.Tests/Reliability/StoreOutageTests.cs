using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Tests;

namespace PrivacyGuard.Gateway.Tests.Reliability;

/// <summary>
/// The gateway's PostgreSQL privacy store becoming unreachable (a relay in front of the test server is cut): requests
/// that name a subject get 503 and never reach the upstream, readiness says so, and neither names the store or the
/// subject. A store that is unreachable from the start stops the gateway from starting.
/// </summary>
public class StoreOutageTests(PostgresServer postgres)
{
    private const string Password = "relay-password-canary";
    private const string SubjectHeader = "X-Subject-Id";

    private static JsonObject Policy() => new()
    {
        ["Subject"] = new JsonObject { ["Header"] = SubjectHeader },
        ["Headers"] = new JsonArray { new JsonObject { ["Name"] = "X-User-Email", ["Category"] = "Email" } },
    };

    [Fact]
    public async Task When_the_store_becomes_unreachable_requests_for_a_subject_get_503_and_never_reach_the_upstream()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("outage"));
        await using var relay = TcpRelay.Start(connectionString.Host!, connectionString.Port);
        connectionString.Port = relay.Port;
        connectionString.Password = Password;
        await using var upstream = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, Policy())
            .With("Store", new JsonObject { ["Provider"] = "PostgreSql", ["ConnectionString"] = connectionString.ConnectionString });
        try
        {
            await using var gateway = await GatewayHost.StartAsync(settings);
            Assert.Equal(200, (await RawHttp.SendAsync(gateway.Address, ForSubject("subject-before"))).Status);
            Assert.Single(upstream.Received);

            relay.Cut();
            var refused = await RawHttp.SendAsync(gateway.Address, ForSubject(Scenario.CanaryEmail));
            var readiness = await RawHttp.SendAsync(gateway.Address, RawHttp.Head("GET", "/readyz"));
            var noSubject = await RawHttp.SendAsync(gateway.Address, RawHttp.Head("GET", "/api/catalog"));

            Assert.Equal(503, refused.Status);
            Assert.Contains("\r\nContent-Type: " + PrivacyProblemWriter.ContentType + "\r\n", refused.Text, StringComparison.OrdinalIgnoreCase);
            using (var problem = JsonDocument.Parse(BodyOf(refused)))
            {
                Assert.Equal(PrivacyProblemTypes.PrivacyStoreUnavailable, problem.RootElement.GetProperty("type").GetString());
            }

            Assert.Equal(503, readiness.Status);
            Assert.Equal("Unhealthy", (string?)JsonNode.Parse(BodyOf(readiness))!["checks"]!["privacy-store"]!["status"]);
            foreach (var answer in new[] { refused, readiness })
            {
                Canaries.AssertAbsent(answer.Bytes);
                AssertNamesNoStore(answer.Text, connectionString);
            }

            // What names no subject needs no access event and is still served; nothing for a subject got through.
            Assert.Equal(200, noSubject.Status);
            Assert.Equal(["/api/orders", "/api/catalog"], upstream.Received.Select(r => r.Path));
            Assert.All(upstream.Received, Canaries.AssertAbsent);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
        }
    }

    [Fact]
    public async Task A_store_unreachable_at_start_up_stops_the_gateway_without_revealing_the_password()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("outage"))
        {
            Port = LoopbackPorts.Free(),
            Password = Password,
            Timeout = 5,
        };
        await using var upstream = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, Policy())
            .With("Store", new JsonObject { ["Provider"] = "PostgreSql", ["ConnectionString"] = connectionString.ConnectionString });
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(async () => await GatewayHost.StartAsync(settings));

            Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Password=", error.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.Empty(upstream.Received);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
        }
    }

    private static string ForSubject(string subject) =>
        RawHttp.Head("GET", "/api/orders", $"{SubjectHeader}: {subject}", "X-User-Email: " + Scenario.CanaryEmail, "X-Forwarded-For: " + Scenario.CanaryIp);

    private static string BodyOf(RawResponse response) => response.Text[(response.Text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

    private static void AssertNamesNoStore(string text, NpgsqlConnectionStringBuilder store)
    {
        foreach (var leak in new[] { Password, store.Database!, ":" + store.Port.ToString(CultureInfo.InvariantCulture), "Host=", "Npgsql", "postgres", "Exception", "   at " })
        {
            Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
