using System.Text;
using System.Text.Json.Nodes;

namespace PrivacyGuard.Gateway.Tests;

public class CanaryTests
{
    private static JsonObject AccountsPolicy() => new()
    {
        ["Subject"] = new JsonObject { ["Header"] = "X-Subject-Id" },
        ["RequestBody"] = new JsonArray { Scenario.Rule("$..email", "Email"), Scenario.Rule("$..name", "Name", "Redact"), Scenario.Rule("$..ip", "IpAddress", "Truncate") },
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
    };

    private static IEnumerable<HttpRequestMessage> Requests()
    {
        var body = $$"""{"email":"{{Scenario.CanaryEmail}}","name":"{{Scenario.CanaryName}}","ip":"{{Scenario.CanaryIp}}"}""";
        var query = $"?email={Uri.EscapeDataString(Scenario.CanaryEmail)}&name={Uri.EscapeDataString(Scenario.CanaryName)}";
        foreach (var path in new[] { "api/users", "vendor/events" })
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put })
            {
                var request = new HttpRequestMessage(method, path + query);
                request.Headers.Add("X-User-Email", Scenario.CanaryEmail);
                request.Headers.Add("X-Debug-Name", Scenario.CanaryName);
                request.Headers.Add("X-Device-Ip", Scenario.CanaryIp);
                request.Headers.Add("X-Forwarded-For", Scenario.CanaryIp);
                request.Headers.Add("Forwarded", $"for={Scenario.CanaryIp}");
                request.Headers.Add("X-Real-IP", Scenario.CanaryIp);
                request.Headers.Add("X-Subject-Id", "subject-c1");
                if (method != HttpMethod.Get)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                yield return request;
            }

            // Refused ones: malformed, not JSON, a value the rule cannot treat; none may be forwarded.
            yield return new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent($"{{\"email\":\"{Scenario.CanaryEmail}\"", Encoding.UTF8, "application/json") };
            yield return new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent($"email={Scenario.CanaryEmail}", Encoding.UTF8, "text/plain") };
            yield return new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent($"{{\"email\":\"{Scenario.CanaryName}\"}}", Encoding.UTF8, "application/json") };
        }
    }

    [Fact]
    public async Task No_upstream_ever_receives_a_raw_canary_across_every_scenario()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var vendor = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, AccountsPolicy())
            .WithPolicy("vendor-out", VendorRouteTests.VendorPolicy())
            .WithRoute("vendor", "/vendor/{**rest}", vendor.Address, "vendor-out");
        await using var gateway = await GatewayHost.StartAsync(settings);

        var forwarded = 0;
        foreach (var request in Requests())
        {
            using (request)
            using (var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken))
            {
                forwarded += response.IsSuccessStatusCode ? 1 : 0;
            }
        }

        Assert.Equal(6, forwarded);
        Assert.Equal(3, upstream.Received.Count);
        Assert.Equal(3, vendor.Received.Count);
        Assert.All(upstream.Received.Concat(vendor.Received), Canaries.AssertAbsent);
    }
}
