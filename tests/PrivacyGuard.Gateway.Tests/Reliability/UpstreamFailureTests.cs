using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Gateway.Operations;

using PrivacyGuard.Tests;

namespace PrivacyGuard.Gateway.Tests.Reliability;

/// <summary>
/// An upstream that is down (connection refused) or too slow (no activity within the cluster's
/// <c>HttpRequest:ActivityTimeout</c>) gets a 502 or 504 problem that names no host, holds no stack trace and echoes
/// none of the request's personal fields.
/// </summary>
public class UpstreamFailureTests
{
    private static readonly TimeSpan ActivityTimeout = TimeSpan.FromSeconds(1);

    private static JsonObject Policy() => new()
    {
        ["Headers"] = new JsonArray { new JsonObject { ["Name"] = "X-User-Email", ["Category"] = "Email" } },
        ["Query"] = new JsonArray { new JsonObject { ["Name"] = "name", ["Category"] = "Name", ["Treatment"] = "Redact" } },
        ["RequestBody"] = new JsonArray { Scenario.Rule("$.email", "Email"), Scenario.Rule("$.ip", "IpAddress") },
    };

    private static string CanaryRequest()
    {
        var json = $$"""{"email":"{{Scenario.CanaryEmail}}","ip":"{{Scenario.CanaryIp}}"}""";
        return RawHttp.Head(
            "POST",
            "/api/users?name=" + Uri.EscapeDataString(Scenario.CanaryName),
            "Content-Type: application/json",
            "X-User-Email: " + Scenario.CanaryEmail,
            "Content-Length: " + json.Length.ToString(CultureInfo.InvariantCulture)) + json;
    }

    [Fact]
    public async Task An_upstream_that_refuses_connections_gets_a_502_problem_without_host_or_personal_data()
    {
        var closed = LoopbackPorts.FreeHttpAddress();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(closed, Policy()));

        var response = await RawHttp.SendAsync(gateway.Address, CanaryRequest());

        Assert.Equal(502, response.Status);
        AssertProblem(response, ProxyErrorProblems.UpstreamUnavailable, 502, closed);
    }

    [Fact]
    public async Task An_upstream_silent_beyond_the_activity_timeout_gets_a_504_problem_within_the_timeout()
    {
        await using var upstream = await StalledUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, Policy());
        settings["ReverseProxy"]!["Clusters"]!["upstream"]!["HttpRequest"] = new JsonObject { ["ActivityTimeout"] = ActivityTimeout.ToString("c", CultureInfo.InvariantCulture) };
        await using var gateway = await GatewayHost.StartAsync(settings);

        var clock = Stopwatch.StartNew();
        var response = await RawHttp.SendAsync(gateway.Address, CanaryRequest());
        clock.Stop();

        Assert.Equal(504, response.Status);
        Assert.Equal(1, upstream.Requests);
        Assert.InRange(clock.Elapsed, ActivityTimeout * 0.9, ActivityTimeout + TimeSpan.FromSeconds(5));
        AssertProblem(response, ProxyErrorProblems.UpstreamTimeout, 504, upstream.Address);
    }

    [Fact]
    public async Task A_cluster_without_an_available_destination_gets_a_503_problem()
    {
        var closed = LoopbackPorts.FreeHttpAddress();
        var settings = Scenario.Settings(closed, Policy());
        settings["ReverseProxy"]!["Clusters"]!["upstream"]!["Destinations"] = new JsonObject();
        await using var gateway = await GatewayHost.StartAsync(settings);

        var response = await RawHttp.SendAsync(gateway.Address, CanaryRequest());

        Assert.Equal(503, response.Status);
        AssertProblem(response, ProxyErrorProblems.UpstreamUnavailable, 503, closed);
    }

    private static void AssertProblem(RawResponse response, string type, int status, Uri upstream)
    {
        var text = response.Text;
        Canaries.AssertAbsent(response.Bytes);
        Assert.Contains("\r\nContent-Type: " + PrivacyProblemWriter.ContentType + "\r\n", text, StringComparison.OrdinalIgnoreCase);
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(type, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        foreach (var leak in new[] { upstream.Authority, ":" + upstream.Port.ToString(CultureInfo.InvariantCulture), "127.0.0.1", "localhost", "Exception", "   at ", "Yarp", "System." })
        {
            Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
