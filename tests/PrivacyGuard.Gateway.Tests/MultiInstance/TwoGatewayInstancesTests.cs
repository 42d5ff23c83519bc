using System.Diagnostics;
using System.Net;
using System.Text;
using Npgsql;
using PrivacyGuard.Tests;

namespace PrivacyGuard.Gateway.Tests.MultiInstance;

/// <summary>
/// Two gateway processes on loopback sharing one privacy store on the PostgreSQL that the test run starts: a
/// restriction, objection or erasure made through either instance's admin API is enforced by the other within a second.
/// </summary>
public sealed class TwoGatewayInstancesTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string AdminKey = "gateway-admin-key-0123456789abcdefghijklmnop";

    private RecordingUpstream? _upstream;
    private GatewayProcess? _a;
    private GatewayProcess? _b;
    private string? _store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        postgres.EnsureAvailable();
        _store = await postgres.CreateDatabaseAsync("gateways");
        _upstream = await RecordingUpstream.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["PrivacyGuard:KeyRing:CurrentKeyId"] = "ka",
            ["PrivacyGuard:KeyRing:Keys:ka"] = TestKeys.SecretA,
            ["PrivacyGuard:Store:Provider"] = "PostgreSql",
            ["PrivacyGuard:Store:ConnectionString"] = _store,
            ["PrivacyGuard:Admin:Enabled"] = "true",
            ["PrivacyGuard:Admin:ApiKeys:ops:Key"] = AdminKey,
            ["PrivacyGuard:Admin:ApiKeys:ops:Roles:0"] = "privacy-admin",
            ["PrivacyGuard:Policies:accounts:Purpose"] = "ServiceDelivery",
            ["PrivacyGuard:Policies:accounts:Subject:Header"] = "X-Subject-Id",
            ["PrivacyGuard:Policies:mailing:Purpose"] = "Marketing",
            ["PrivacyGuard:Policies:mailing:Subject:Header"] = "X-Subject-Id",
            ["ReverseProxy:Routes:accounts:ClusterId"] = "upstream",
            ["ReverseProxy:Routes:accounts:Match:Path"] = "/api/{**rest}",
            ["ReverseProxy:Routes:accounts:Metadata:PrivacyPolicy"] = "accounts",
            ["ReverseProxy:Routes:mailing:ClusterId"] = "upstream",
            ["ReverseProxy:Routes:mailing:Match:Path"] = "/mailing/{**rest}",
            ["ReverseProxy:Routes:mailing:Metadata:PrivacyPolicy"] = "mailing",
            ["ReverseProxy:Clusters:upstream:Destinations:d1:Address"] = _upstream.Address.ToString(),
        };

        // Start one first so the store's migrations are applied once, then the other.
        _a = await GatewayProcess.StartAsync(settings, Ct);
        _b = await GatewayProcess.StartAsync(settings, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }

        if (_store is not null)
        {
            await using var connection = new NpgsqlConnection(_store);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    [Fact]
    public async Task A_restriction_made_through_one_instance_is_enforced_by_the_other_within_a_second()
    {
        using var client = new HttpClient();
        var subject = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, _b!, "api/profile", subject));

        await AdminAsync(client, _a!, "subjects/restrict", $"{{\"subjectId\":\"{subject}\",\"reason\":\"LegalClaims\"}}");
        var stopwatch = Stopwatch.StartNew();
        await WaitForAsync(client, _b!, "api/profile", subject, HttpStatusCode.Forbidden);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");

        await AdminAsync(client, _b!, "subjects/lift-restriction", $"{{\"subjectId\":\"{subject}\"}}");
        stopwatch.Restart();
        await WaitForAsync(client, _a!, "api/profile", subject, HttpStatusCode.OK);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");

        // Standard output is redirected here, as under a container's log driver: the request log comes out buffered,
        // within its flush delay, naming the route pattern and never the subject.
        var output = await _a!.WaitForOutputAsync("INF] HTTP GET /api/{**rest} responded 200 in ", Ct);
        Assert.DoesNotContain(subject, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_objection_made_through_one_instance_blocks_that_purpose_on_the_other_only()
    {
        using var client = new HttpClient();
        var subject = Guid.NewGuid().ToString();

        // The route served once before, so the second measures how fast the objection travels, not a first request.
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, _a!, "mailing/list", subject));
        await AdminAsync(client, _b!, "subjects/object", $"{{\"subjectId\":\"{subject}\",\"purpose\":\"Marketing\"}}");
        var stopwatch = Stopwatch.StartNew();
        await WaitForAsync(client, _a!, "mailing/list", subject, HttpStatusCode.Forbidden);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, _a!, "api/profile", subject));
        var received = _upstream!.Received.Count(r => r.Path == "/mailing/list");
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(client, _a!, "mailing/list", subject));
        Assert.Equal(received, _upstream.Received.Count(r => r.Path == "/mailing/list"));
    }

    [Fact]
    public async Task Restriction_flapping_from_both_instances_ends_in_the_last_committed_state_everywhere()
    {
        using var client = new HttpClient();
        var subject = Guid.NewGuid().ToString();
        for (var i = 0; i < 10; i++)
        {
            var instance = i % 2 == 0 ? _a! : _b!;
            await AdminAsync(client, instance, "subjects/restrict", $"{{\"subjectId\":\"{subject}\",\"reason\":\"AccuracyContested\"}}");
            await AdminAsync(client, i % 3 == 0 ? _b! : _a!, "subjects/lift-restriction", $"{{\"subjectId\":\"{subject}\"}}");
        }

        await AdminAsync(client, _b!, "subjects/restrict", $"{{\"subjectId\":\"{subject}\",\"reason\":\"AccuracyContested\"}}");
        await WaitForAsync(client, _a!, "api/profile", subject, HttpStatusCode.Forbidden);
        await WaitForAsync(client, _b!, "api/profile", subject, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_erasure_through_one_instance_is_visible_through_the_other()
    {
        using var client = new HttpClient();
        var subject = Guid.NewGuid().ToString();

        var erased = await AdminAsync(client, _a!, "subjects/erase", $"{{\"subjectId\":\"{subject}\"}}");
        var export = await AdminAsync(client, _b!, "subjects/export", $"{{\"subjectId\":\"{subject}\"}}");

        Assert.Contains("\"keyShredded\"", erased, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"erased\":true", export.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, GatewayProcess gateway, string path, string subject)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Address, path));
        request.Headers.Add("X-Subject-Id", subject);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private static async Task WaitForAsync(HttpClient client, GatewayProcess gateway, string path, string subject, HttpStatusCode expected)
    {
        var cap = Stopwatch.StartNew();
        HttpStatusCode last;
        while ((last = await GetAsync(client, gateway, path, subject)) != expected)
        {
            Assert.True(cap.Elapsed < TimeSpan.FromSeconds(10), $"Still {last} after 10 s, expected {expected}.\n{gateway.Output}");
            await Task.Delay(10, Ct);
        }
    }

    private static async Task<string> AdminAsync(HttpClient client, GatewayProcess gateway, string operation, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.Address, "privacy/" + operation))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-PrivacyGuard-Key", AdminKey);
        using var response = await client.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{operation}: {(int)response.StatusCode} {body}\n{gateway.Output}");
        return body;
    }
}
