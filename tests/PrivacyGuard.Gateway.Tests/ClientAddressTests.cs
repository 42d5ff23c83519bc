using System.Net;
using System.Text.Json.Nodes;

namespace PrivacyGuard.Gateway.Tests;

public class ClientAddressTests
{
    private static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "Forwarded", "X-Real-IP"];

    [Fact]
    public async Task The_upstream_sees_only_the_truncated_client_address_in_every_forwarding_header()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, new JsonObject()));

        using var response = await gateway.Client.GetAsync("api/x", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Received);
        Assert.Equal("127.0.0.0", received.Headers["X-Forwarded-For"]);
        Assert.Equal("127.0.0.0", received.Headers["X-Real-IP"]);
        Assert.StartsWith("for=127.0.0.0;", received.Headers["Forwarded"], StringComparison.Ordinal);
        // (Host and X-Forwarded-Host name the servers, which also listen on 127.0.0.1; the client address is only in these.)
        Assert.All(ForwardingHeaders, h => Assert.DoesNotContain("127.0.0.1", received.Headers[h], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forwarding_headers_from_an_untrusted_peer_are_dropped()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, new JsonObject()));

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/x");
        request.Headers.Add("X-Forwarded-For", Scenario.CanaryIp);
        request.Headers.Add("Forwarded", $"for={Scenario.CanaryIp}");
        request.Headers.Add("X-Real-IP", Scenario.CanaryIp);
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Received);
        foreach (var header in ForwardingHeaders)
        {
            Assert.DoesNotContain("203.0.113", received.Headers[header], StringComparison.Ordinal);
        }

        Assert.Equal("127.0.0.0", received.Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task A_trusted_proxy_supplies_the_client_address_which_the_upstream_sees_only_truncated()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, new JsonObject()).With("ForwardedHeaders:KnownProxies", new JsonArray("127.0.0.1"));
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/x");
        request.Headers.Add("X-Forwarded-For", Scenario.CanaryIp);
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Received);
        Assert.Equal("203.0.113.0", received.Headers["X-Forwarded-For"]);
        Assert.Equal("203.0.113.0", received.Headers["X-Real-IP"]);
        Assert.StartsWith("for=203.0.113.0;", received.Headers["Forwarded"], StringComparison.Ordinal);
        Assert.DoesNotContain(received.Headers.Values, v => v.Contains(Scenario.CanaryIp, StringComparison.Ordinal));
        Assert.All(ForwardingHeaders, h => Assert.DoesNotContain("127.0.0.1", received.Headers[h], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Headers_in_which_CDNs_pass_the_client_address_never_reach_the_upstream()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, new JsonObject()).With("ForwardedHeaders:KnownProxies", new JsonArray("127.0.0.1"));
        await using var gateway = await GatewayHost.StartAsync(settings);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/x");
        foreach (var header in (string[])["True-Client-IP", "CF-Connecting-IP", "Fastly-Client-IP", "X-Client-IP", "X-Cluster-Client-IP", "X-Original-Forwarded-For", "Client-IP"])
        {
            request.Headers.TryAddWithoutValidation(header, Scenario.CanaryIp);
        }

        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Received);
        Assert.DoesNotContain(received.Headers.Values, v => v.Contains(Scenario.CanaryIp, StringComparison.Ordinal));
    }
}
