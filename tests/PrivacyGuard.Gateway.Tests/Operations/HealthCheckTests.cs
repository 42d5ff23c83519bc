using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace PrivacyGuard.Gateway.Tests.Operations;

public class HealthCheckTests
{
    private static JsonObject SubjectPolicy() => new() { ["Subject"] = new JsonObject { ["Header"] = "X-Subject-Id" } };

    private static async Task<(HttpStatusCode Status, JsonObject Body, string Text)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject(), text);
    }

    [Fact]
    public async Task Liveness_answers_healthy_without_running_the_readiness_checks()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, SubjectPolicy()));

        var (status, body, _) = await GetAsync(gateway.Client, "healthz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", (string?)body["status"]);
        Assert.Empty(body["checks"]!.AsObject());
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task Readiness_checks_the_store_the_key_ring_and_the_policies_and_reports_the_generation()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, SubjectPolicy());
        await using var gateway = await GatewayHost.StartAsync(settings);

        var (status, body, _) = await GetAsync(gateway.Client, "readyz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", (string?)body["status"]);
        var checks = body["checks"]!.AsObject();
        Assert.Equal(["key-ring", "policies", "privacy-store"], checks.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.All(checks, check => Assert.Equal("Healthy", (string?)check.Value!["status"]));
        Assert.Equal(1, (int)checks["policies"]!["generation"]!);

        await gateway.ReloadAsync(Scenario.Settings(upstream.Address, new JsonObject { ["Purpose"] = "Marketing" }));
        var (_, reloaded, _) = await GetAsync(gateway.Client, "readyz");
        Assert.True((int)reloaded["checks"]!["policies"]!["generation"]! > 1);
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task Readiness_is_503_when_the_store_cannot_be_opened_and_the_answer_names_no_path_or_connection_setting()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var data = Path.Combine(Path.GetTempPath(), "pg-ops-" + Guid.NewGuid().ToString("n"));
        var settings = Scenario.Settings(upstream.Address, SubjectPolicy()).With("Store", new JsonObject { ["DataDirectory"] = data });
        await using var gateway = await GatewayHost.StartAsync(settings);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway.Client, "readyz")).Status);

        // The store's directory disappears and a file takes its place: the database cannot be opened any more.
        SqliteConnection.ClearAllPools();
        Directory.Delete(data, recursive: true);
        await File.WriteAllTextAsync(data, "not a directory", TestContext.Current.CancellationToken);
        try
        {
            var (status, body, text) = await GetAsync(gateway.Client, "readyz");
            var (liveStatus, _, _) = await GetAsync(gateway.Client, "healthz");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", (string?)body["status"]);
            Assert.Equal("Unhealthy", (string?)body["checks"]!["privacy-store"]!["status"]);
            Assert.Equal("Healthy", (string?)body["checks"]!["key-ring"]!["status"]);
            Assert.Equal("Healthy", (string?)body["checks"]!["policies"]!["status"]);
            foreach (var leak in new[] { data, "pg-ops-", "Data Source", "sqlite", "exception", "error", "unable" })
            {
                Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Equal(HttpStatusCode.OK, liveStatus);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(data);
        }
    }
}
