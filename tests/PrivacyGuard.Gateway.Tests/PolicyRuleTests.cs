using System.Net;
using System.Text.Json.Nodes;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Gateway.Tests;

public class PolicyRuleTests
{
    private const string Email = "jane.doe@example.com";

    private static JsonObject Policies() => new()
    {
        ["accounts"] = new JsonObject
        {
            ["Purpose"] = "ServiceDelivery",
            ["Headers"] = new JsonArray
            {
                new JsonObject { ["Name"] = "X-User-Email", ["Category"] = "Email" },
                new JsonObject { ["Name"] = "X-Debug-Name", ["Category"] = "Name", ["Treatment"] = "Redact" },
                new JsonObject { ["Name"] = "X-Device-Ip", ["Category"] = "IpAddress", ["Treatment"] = "Truncate" },
            },
            ["Query"] = new JsonArray
            {
                new JsonObject { ["Name"] = "email", ["Category"] = "Email" },
                new JsonObject { ["Name"] = "name", ["Category"] = "Name", ["Treatment"] = "Redact" },
            },
        },
    };

    private static JsonObject Metadata(string policy) => new() { ["PrivacyPolicy"] = policy };

    [Fact]
    public async Task Header_rules_pseudonymize_truncate_and_drop_before_the_upstream_sees_the_request()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(upstream.Address, Policies(), Metadata("accounts")));

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/profile");
        request.Headers.Add("X-User-Email", Email);
        request.Headers.Add("X-Debug-Name", "Jane Doe");
        request.Headers.Add("X-Device-Ip", "203.0.113.77");
        request.Headers.Add("X-Other", "kept");
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Received);
        Assert.EndsWith("@" + EmailPseudonymizer.PseudonymizedDomain, received.Headers["X-User-Email"]);
        Assert.DoesNotContain("jane", received.Headers["X-User-Email"], StringComparison.OrdinalIgnoreCase);
        Assert.False(received.Headers.ContainsKey("X-Debug-Name"));
        Assert.Equal("203.0.113.0", received.Headers["X-Device-Ip"]);
        Assert.Equal("kept", received.Headers["X-Other"]);
    }

    [Fact]
    public async Task The_same_email_gets_the_same_token_so_upstream_joins_still_work()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(upstream.Address, Policies(), Metadata("accounts")));

        foreach (var email in new[] { Email, "Jane.Doe@EXAMPLE.com" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/profile");
            request.Headers.Add("X-User-Email", email);
            using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(upstream.Received[0].Headers["X-User-Email"], upstream.Received[1].Headers["X-User-Email"]);
    }

    [Fact]
    public async Task Query_rules_pseudonymize_and_drop_parameters_and_keep_the_rest()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(upstream.Address, Policies(), Metadata("accounts")));

        using var response = await gateway.Client.GetAsync($"api/search?email={Uri.EscapeDataString(Email)}&name=Jane%20Doe&page=2", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var query = Assert.Single(upstream.Received).Query;
        Assert.DoesNotContain("jane", query, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("pseudonymized.invalid", query);
        Assert.DoesNotContain("name=", query);
        Assert.Contains("page=2", query);
    }

    [Fact]
    public async Task A_value_the_rule_cannot_treat_is_refused_and_never_forwarded()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(upstream.Address, Policies(), Metadata("accounts")));

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/profile");
        request.Headers.Add("X-User-Email", "not an address, jane");
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("jane", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task A_route_without_a_policy_forwards_headers_as_they_are()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(upstream.Address, Policies()));

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/profile");
        request.Headers.Add("X-User-Email", Email);
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Email, Assert.Single(upstream.Received).Headers["X-User-Email"]);
    }

    [Fact]
    public async Task Client_supplied_forwarding_headers_never_reach_the_upstream()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.Settings(upstream.Address, Policies()));

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/profile");
        request.Headers.Add("X-Forwarded-For", "198.51.100.23");
        request.Headers.Add("Forwarded", "for=198.51.100.23");
        request.Headers.Add("X-Real-IP", "198.51.100.23");
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Received);
        Assert.DoesNotContain(received.Headers.Values, v => v.Contains("198.51.100.23", StringComparison.Ordinal));
        Assert.True(received.Headers.ContainsKey("X-Forwarded-For"));
    }
}
