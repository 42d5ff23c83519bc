using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Gateway.Policies;

namespace PrivacyGuard.Gateway.Tests;

public class ConfigurationTests
{
    private static JsonObject HeaderPolicy(string header, string category, string treatment = "Default") => new()
    {
        ["p"] = new JsonObject
        {
            ["Headers"] = new JsonArray { new JsonObject { ["Name"] = header, ["Category"] = category, ["Treatment"] = treatment } },
        },
    };

    private static JsonObject Metadata(string policy) => new() { ["PrivacyPolicy"] = policy };

    [Fact]
    public async Task An_invalid_rule_stops_the_gateway_at_start_up_naming_the_policy_and_rule()
    {
        await using var upstream = await RecordingUpstream.StartAsync();

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() =>
            GatewayHost.StartAsync(GatewayHost.Settings(upstream.Address, HeaderPolicy("X-User-Email", "Email", "Truncate"), Metadata("p"))));

        Assert.Contains("PrivacyGuard:Policies:p:Headers[0]:Treatment Truncate applies only to category IpAddress", error.Message);
    }

    [Fact]
    public async Task A_route_naming_an_unknown_policy_stops_the_gateway_at_start_up_naming_the_route()
    {
        await using var upstream = await RecordingUpstream.StartAsync();

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() =>
            GatewayHost.StartAsync(GatewayHost.Settings(upstream.Address, HeaderPolicy("X-User-Email", "Email"), Metadata("missing"))));

        Assert.Contains("Route 'api'", error.Message);
        Assert.Contains("'missing'", error.Message);
    }

    [Fact]
    public async Task A_selector_that_is_not_a_path_is_refused_at_start_up()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var policies = new JsonObject
        {
            ["p"] = new JsonObject { ["RequestBody"] = new JsonArray { new JsonObject { ["Path"] = "email", ["Category"] = "Email" } } },
        };

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(GatewayHost.Settings(upstream.Address, policies, Metadata("p"))));

        Assert.Contains("PrivacyGuard:Policies:p:RequestBody[0]:Path", error.Message);
    }

    [Fact]
    public async Task A_valid_reload_takes_effect_without_a_restart()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(upstream.Address, HeaderPolicy("X-Debug-Name", "Name", "Redact"), Metadata("p")));
        var catalog = gateway.App.Services.GetRequiredService<PolicyCatalog>();

        await gateway.ReloadAsync(GatewayHost.Settings(upstream.Address, HeaderPolicy("X-Trace-Name", "Name", "Redact"), Metadata("p")));
        Assert.True(catalog.Generation > 1);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/x");
        request.Headers.Add("X-Debug-Name", "kept now");
        request.Headers.Add("X-Trace-Name", "dropped now");
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Received);
        Assert.Equal("kept now", received.Headers["X-Debug-Name"]);
        Assert.False(received.Headers.ContainsKey("X-Trace-Name"));
    }

    [Fact]
    public async Task A_bad_reload_is_rejected_and_the_last_good_policies_stay_in_force()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(upstream.Address, HeaderPolicy("X-Debug-Name", "Name", "Redact"), Metadata("p")));
        var catalog = gateway.App.Services.GetRequiredService<PolicyCatalog>();

        await gateway.ReloadAsync(GatewayHost.Settings(upstream.Address, HeaderPolicy("X-Debug-Name", "Name", "Truncate"), Metadata("p")));
        Assert.True(catalog.RejectedReloads > 0);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/x");
        request.Headers.Add("X-Debug-Name", "Jane Doe");
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, catalog.Generation);
        Assert.False(Assert.Single(upstream.Received).Headers.ContainsKey("X-Debug-Name"));
    }

    [Fact]
    public async Task A_reload_that_renames_a_policy_but_whose_routes_are_rejected_keeps_the_live_routes_policy_in_force()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(upstream.Address, HeaderPolicy("X-Debug-Name", "Name", "Redact"), Metadata("p")));

        // The policy is renamed p → q on both sides, but a route pattern YARP cannot parse makes YARP keep its old routes,
        // whose metadata still names p.
        var renamed = GatewayHost.Settings(upstream.Address, new JsonObject { ["q"] = HeaderPolicy("X-Debug-Name", "Name", "Redact")["p"]!.DeepClone() }, Metadata("q"));
        renamed["ReverseProxy"]!["Routes"]!["broken"] = new JsonObject { ["ClusterId"] = "upstream", ["Match"] = new JsonObject { ["Path"] = "/broken/{" } };
        await gateway.ReloadAsync(renamed);
        using var during = await SendDebugNameAsync(gateway);

        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.False(Assert.Single(upstream.Received).Headers.ContainsKey("X-Debug-Name"));

        // Once the routes are fixed, the renamed policy applies.
        renamed["ReverseProxy"]!["Routes"]!.AsObject().Remove("broken");
        await gateway.ReloadAsync(renamed);
        using var after = await SendDebugNameAsync(gateway);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, upstream.Received.Count);
        Assert.False(upstream.Received[1].Headers.ContainsKey("X-Debug-Name"));
    }

    private static async Task<HttpResponseMessage> SendDebugNameAsync(GatewayHost gateway)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/x");
        request.Headers.Add("X-Debug-Name", "Jane Doe");
        return await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
