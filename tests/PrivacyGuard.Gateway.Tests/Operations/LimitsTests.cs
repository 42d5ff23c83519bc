using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivacyGuard.Gateway.Operations;
using Yarp.ReverseProxy;

namespace PrivacyGuard.Gateway.Tests.Operations;

public class LimitsTests
{
    [Fact]
    public async Task An_oversize_header_set_is_refused_with_431_and_never_reaches_the_upstream()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, new JsonObject()));

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/orders");
        for (var i = 0; i < 8; i++)
        {
            request.Headers.Add($"X-Padding-{i}", new string('a', 5 * 1024));
        }

        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Empty(upstream.Received);

        using var small = await gateway.Client.GetAsync("api/orders", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Single(upstream.Received);
    }

    [Fact]
    public async Task Defaults_apply_unless_the_Kestrel_and_ReverseProxy_sections_set_their_own()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var settings = Scenario.Settings(upstream.Address, new JsonObject { ["MaxBodyBytes"] = 4 * 1024 * 1024 });
        settings["Kestrel"] = new JsonObject { ["Limits"] = new JsonObject { ["MaxRequestHeaderCount"] = 40, ["KeepAliveTimeout"] = "00:00:20" } };
        settings["ReverseProxy"]!["Clusters"]!["other"] = new JsonObject
        {
            ["HttpRequest"] = new JsonObject { ["ActivityTimeout"] = "00:00:05" },
            ["Destinations"] = new JsonObject { ["d1"] = new JsonObject { ["Address"] = upstream.Address.ToString() } },
        };
        await using var gateway = await GatewayHost.StartAsync(settings);

        var limits = gateway.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        Assert.Equal(4 * 1024 * 1024, limits.MaxRequestBodySize);
        Assert.Equal(40, limits.MaxRequestHeaderCount);
        Assert.Equal(TimeSpan.FromSeconds(20), limits.KeepAliveTimeout);
        Assert.Equal(GatewayLimits.DefaultMaxRequestHeadersTotalSize, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(GatewayLimits.DefaultRequestHeadersTimeout, limits.RequestHeadersTimeout);

        var proxy = gateway.Services.GetRequiredService<IProxyStateLookup>();
        Assert.True(proxy.TryGetCluster("upstream", out var defaulted));
        Assert.Equal(GatewayLimits.DefaultActivityTimeout, defaulted.Model.Config.HttpRequest?.ActivityTimeout);
        Assert.True(proxy.TryGetCluster("other", out var own));
        Assert.Equal(TimeSpan.FromSeconds(5), own.Model.Config.HttpRequest?.ActivityTimeout);
    }
}
