using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.Gateway.Tests.Operations;

public class MetricsTests
{
    private const string RequestsRewritten = "privacyguard.gateway.requests_rewritten";
    private const string FieldsRewritten = "privacyguard.gateway.fields_rewritten";
    private const string RequestsBlocked = "privacyguard.gateway.requests_blocked";
    private const string RewriteDuration = "privacyguard.gateway.rewrite_duration";

    private static readonly string[] AllowedTags = ["route", "policy", "direction", "reason"];

    private static JsonObject Policy() => new()
    {
        ["Subject"] = new JsonObject { ["Header"] = "X-Subject-Id" },
        ["Headers"] = new JsonArray(new JsonObject { ["Name"] = "X-User-Email", ["Category"] = "Email" }),
        ["RequestBody"] = new JsonArray(Scenario.Rule("$.email", "Email"), Scenario.Rule("$.ip", "IpAddress", "Truncate")),
        ["ResponseBody"] = new JsonArray(Scenario.Rule("$.name", "Name", "Redact")),
        ["MaxBodyBytes"] = 256,
    };

    private static HttpRequestMessage Post(string subject, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/accounts") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Subject-Id", subject);
        return request;
    }

    private static void AssertNoPersonalDataIn(IReadOnlyList<Measurement> measurements, params string[] canaries)
    {
        Assert.NotEmpty(measurements);
        foreach (var measurement in measurements)
        {
            Assert.All(measurement.Tags.Keys, key => Assert.Contains(key, AllowedTags));
            foreach (var value in measurement.Tags.Values)
            {
                foreach (var canary in canaries)
                {
                    Assert.DoesNotContain(canary, value ?? "", StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }

    [Fact]
    public async Task Rewritten_requests_and_responses_count_their_fields_and_time_and_tag_no_personal_data()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = _ => (200, "application/json", Encoding.UTF8.GetBytes($$"""{"name":"{{Scenario.CanaryName}}","id":7}"""), null);
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        using var measurements = new GatewayMeasurements(gateway.Services);

        for (var i = 0; i < 2; i++)
        {
            using var request = Post(Scenario.CanaryEmail, $$"""{"email":"{{Scenario.CanaryEmail}}","ip":"{{Scenario.CanaryIp}}","note":"x"}""");
            request.Headers.Add("X-User-Email", Scenario.CanaryEmail);
            using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await measurements.WaitForAsync(all => all.Count(m => m.Instrument == RequestsRewritten) == 4);
        bool Request(Measurement m) => m.Tags["direction"] == "request";
        bool Response(Measurement m) => m.Tags["direction"] == "response";
        Assert.Equal(2, measurements.Sum(RequestsRewritten, Request));
        Assert.Equal(6, measurements.Sum(FieldsRewritten, Request)); // header + e-mail + ip, twice
        Assert.Equal(2, measurements.Sum(RequestsRewritten, Response));
        Assert.Equal(2, measurements.Sum(FieldsRewritten, Response));
        var durations = measurements.All.Where(m => m.Instrument == RewriteDuration).ToList();
        Assert.Equal(4, durations.Count);
        Assert.All(durations, d => Assert.InRange(d.Value, 0, 10));
        Assert.All(measurements.All, m => Assert.Equal(("api", "p"), (m.Tags["route"], m.Tags["policy"])));
        Assert.Equal(0, measurements.Sum(RequestsBlocked));
        AssertNoPersonalDataIn(measurements.All, Scenario.CanaryEmail, Scenario.CanaryIp, Scenario.CanaryName, "203.0.113", "127.0.0");
    }

    [Fact]
    public async Task Refusals_at_the_edge_and_by_the_route_policy_count_as_blocked_by_reason_and_tag_no_personal_data()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, Policy());
        await using var gateway = await GatewayHost.StartAsync(settings);
        using var measurements = new GatewayMeasurements(gateway.Services);
        var registry = gateway.Services.GetRequiredService<IRestrictionRegistry>();
        const string Restricted = "restricted.canary@example.com";
        const string Objecting = "objecting.canary@example.com";
        await registry.RestrictAsync(Restricted, RestrictionReason.AccuracyContested, TestContext.Current.CancellationToken);
        await registry.ObjectAsync(Objecting, ProcessingPurpose.ServiceDelivery, TestContext.Current.CancellationToken);

        async Task<HttpStatusCode> SendAsync(string subject, string json)
        {
            using var request = Post(subject, json);
            using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(Restricted, "{}"));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(Objecting, "{}"));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(Restricted, "{}"));
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(Scenario.CanaryEmail, $$"""{"email":"{{Scenario.CanaryEmail}}" """));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await SendAsync(Scenario.CanaryEmail, $$"""{"note":"{{new string('x', 300)}}"}"""));

        await measurements.WaitForAsync(all => all.Count(m => m.Instrument == RequestsBlocked) == 5);
        double Blocked(string reason) => measurements.Sum(RequestsBlocked, m => m.Tags["reason"] == reason);
        Assert.Equal(2, Blocked("processing-restricted"));
        Assert.Equal(1, Blocked("objection"));
        Assert.Equal(1, Blocked("malformed-body"));
        Assert.Equal(1, Blocked("body-too-large"));
        Assert.All(measurements.All.Where(m => m.Instrument == RequestsBlocked), m => Assert.Equal(("api", "p"), (m.Tags["route"], m.Tags["policy"])));
        Assert.Equal(0, measurements.Sum(RequestsRewritten));
        Assert.Empty(upstream.Received);
        AssertNoPersonalDataIn(measurements.All, Restricted, Objecting, Scenario.CanaryEmail, "canary", "127.0.0");
    }

    [Fact]
    public async Task A_response_the_route_cannot_rewrite_counts_as_blocked_unrewritable_response_not_as_rewritten()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = _ => (200, "text/plain", Encoding.UTF8.GetBytes(Scenario.CanaryName), null);
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        using var measurements = new GatewayMeasurements(gateway.Services);

        using var request = Post("subject-ops-1", """{"note":"x"}""");
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await measurements.WaitForAsync(all => all.Any(m => m.Instrument == RequestsBlocked));
        var blocked = Assert.Single(measurements.All, m => m.Instrument == RequestsBlocked);
        Assert.Equal("unrewritable-response", blocked.Tags["reason"]);
        Assert.Equal(0, measurements.Sum(RequestsRewritten, m => m.Tags["direction"] == "response"));
        Assert.DoesNotContain(measurements.All, m => m.Instrument == RewriteDuration && m.Tags["direction"] == "response");
        AssertNoPersonalDataIn(measurements.All, "subject-ops-1", Scenario.CanaryName, "127.0.0");
    }
}
