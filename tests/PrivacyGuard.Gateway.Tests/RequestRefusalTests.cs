using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Gateway.Tests;

public class RequestRefusalTests
{
    private static JsonObject Policy() => new() { ["RequestBody"] = new JsonArray { Scenario.Rule("$.email", "Email") } };

    [Fact]
    public async Task A_compressed_request_body_is_refused_with_415_and_never_forwarded()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes($"{{\"email\":\"{Scenario.CanaryEmail}\"}}"));
        }

        using var content = new ByteArrayContent(output.ToArray());
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await gateway.Client.PostAsync("api/users", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task A_connection_upgrade_on_a_route_with_body_rules_is_refused_and_never_forwarded()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/socket");
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new("websocket"));
        request.Headers.Add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        request.Headers.Add("Sec-WebSocket-Version", "13");

        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(PrivacyGuard.Gateway.Bodies.GatewayProblemTypes.UpgradeRefused, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(upstream.Received);
    }
}
