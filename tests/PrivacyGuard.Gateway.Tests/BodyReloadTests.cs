using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PrivacyGuard.Gateway.Policies;

namespace PrivacyGuard.Gateway.Tests;

public class BodyReloadTests
{
    private static JsonObject Policy(string requestPath, string responsePath) => new()
    {
        ["RequestBody"] = new JsonArray { Scenario.Rule(requestPath, "Name", "Redact") },
        ["ResponseBody"] = new JsonArray { Scenario.Rule(responsePath, "Name", "Redact") },
    };

    [Fact]
    public async Task A_policy_only_reload_changes_the_body_rules_in_both_directions()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        upstream.Respond = _ => (200, "application/json", """{"a":"response a","b":"response b"}"""u8.ToArray(), null);
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy("$.a", "$.a")));

        async Task<JsonNode> PostAsync()
        {
            using var content = new StringContent("""{"a":"request a","b":"request b"}""", Encoding.UTF8, "application/json");
            using var response = await gateway.Client.PostAsync("api/x", content, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        }

        var before = await PostAsync();
        await gateway.ReloadAsync(Scenario.Settings(upstream.Address, Policy("$.b", "$.b")));
        var after = await PostAsync();

        Assert.Null(before["a"]);
        Assert.Equal("response b", before["b"]!.GetValue<string>());
        Assert.Equal("response a", after["a"]!.GetValue<string>());
        Assert.Null(after["b"]);
        var sent = upstream.Received.Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.Null(sent[0]["a"]);
        Assert.Equal("request b", sent[0]["b"]!.GetValue<string>());
        Assert.Equal("request a", sent[1]["a"]!.GetValue<string>());
        Assert.Null(sent[1]["b"]);
    }

    [Theory]
    [InlineData("$.a[")]
    [InlineData("$..")]
    [InlineData("$.a b")]
    [InlineData("$")]
    public async Task A_selector_the_json_selector_parser_refuses_stops_the_gateway_naming_the_rule(string selector)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var policy = new JsonObject { ["ResponseBody"] = new JsonArray { Scenario.Rule(selector, "Email") } };

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(Scenario.Settings(upstream.Address, policy)));

        Assert.Contains("PrivacyGuard:Policies:p:ResponseBody[0]:Path is not a valid selector", error.Message);
    }

    [Fact]
    public async Task Max_body_bytes_beyond_what_the_rewriter_takes_stops_the_gateway()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var policy = new JsonObject { ["MaxBodyBytes"] = 3_000_000_000L, ["RequestBody"] = new JsonArray { Scenario.Rule("$.email", "Email") } };

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(Scenario.Settings(upstream.Address, policy)));

        Assert.Contains("PrivacyGuard:Policies:p:MaxBodyBytes must be between 1 and", error.Message);
    }
}
