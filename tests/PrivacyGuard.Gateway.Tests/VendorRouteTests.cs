using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Gateway.Tests;

public class VendorRouteTests
{
    /// <summary>An outbound policy: only de-identified data may reach the vendor.</summary>
    internal static JsonObject VendorPolicy() => new()
    {
        ["Purpose"] = "Analytics",
        ["RequestBody"] = new JsonArray
        {
            Scenario.Rule("$..email", "Email"),
            Scenario.Rule("$..name", "Name", "Redact"),
            Scenario.Rule("$..ip", "IpAddress", "Truncate"),
            Scenario.Rule("$.customer.id", "Other", "Pseudonymize"),
        },
        ["Headers"] = new JsonArray
        {
            new JsonObject { ["Name"] = "X-User-Email", ["Category"] = "Email", ["Treatment"] = "Redact" },
            new JsonObject { ["Name"] = "X-Debug-Name", ["Category"] = "Name", ["Treatment"] = "Redact" },
            new JsonObject { ["Name"] = "X-Device-Ip", ["Category"] = "IpAddress", ["Treatment"] = "Truncate" },
        },
        ["Query"] = new JsonArray
        {
            new JsonObject { ["Name"] = "email", ["Category"] = "Email", ["Treatment"] = "Redact" },
            new JsonObject { ["Name"] = "name", ["Category"] = "Name", ["Treatment"] = "Redact" },
        },
    };

    internal static string VendorEvent() => $$$"""
        {"event":"checkout","customer":{"id":"cust-{{{Scenario.CanaryName}}}","email":"{{{Scenario.CanaryEmail}}}","name":"{{{Scenario.CanaryName}}}"},
         "items":[{"sku":"A-1","qty":2}],"context":{"ip":"{{{Scenario.CanaryIp}}}","contacts":[{"name":"{{{Scenario.CanaryName}}}","email":"{{{Scenario.CanaryEmail}}}"}]}}
        """;

    [Fact]
    public async Task Only_de_identified_data_leaves_for_the_vendor()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var vendor = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, new JsonObject())
            .WithPolicy("vendor-out", VendorPolicy())
            .WithRoute("vendor", "/vendor/{**rest}", vendor.Address, "vendor-out");
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var request = new HttpRequestMessage(HttpMethod.Post, "vendor/events") { Content = new StringContent(VendorEvent(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-User-Email", Scenario.CanaryEmail);
        request.Headers.Add("X-Forwarded-For", Scenario.CanaryIp);
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(upstream.Received);
        var received = Assert.Single(vendor.Received);
        Canaries.AssertAbsent(received);
        var body = JsonNode.Parse(received.Body)!;
        Assert.Equal("checkout", body["event"]!.GetValue<string>());
        Assert.Equal(2, body["items"]![0]!["qty"]!.GetValue<int>());
        Assert.EndsWith("@" + EmailPseudonymizer.PseudonymizedDomain, body["customer"]!["email"]!.GetValue<string>());
        Assert.Null(body["customer"]!["name"]);
        Assert.Null(body["context"]!["contacts"]![0]!["name"]);
        Assert.Equal("203.0.113.0", body["context"]!["ip"]!.GetValue<string>());
        Assert.False(received.Headers.ContainsKey("X-User-Email"));
    }

    [Fact]
    public async Task The_same_customer_gets_the_same_vendor_token_and_different_customers_different_ones()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var vendor = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, new JsonObject())
            .WithPolicy("vendor-out", VendorPolicy())
            .WithRoute("vendor", "/vendor/{**rest}", vendor.Address, "vendor-out");
        await using var gateway = await GatewayHost.StartAsync(settings);

        foreach (var id in new[] { "cust-1", "cust-1", "cust-2" })
        {
            using var content = new StringContent("{\"customer\":{\"id\":\"" + id + "\"}}", Encoding.UTF8, "application/json");
            using var response = await gateway.Client.PostAsync("vendor/events", content, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var tokens = vendor.Received.Select(r => JsonNode.Parse(r.Body)!["customer"]!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(tokens[0], tokens[1]);
        Assert.NotEqual(tokens[0], tokens[2]);
        Assert.DoesNotContain(tokens, t => t.Contains("cust-", StringComparison.Ordinal));
    }
}
