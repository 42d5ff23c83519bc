using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using PrivacyGuard.Tests;

namespace PrivacyGuard.Gateway.Tests.Operations;

public class RequestLoggingTests
{
    private static bool IsRequestLog(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var source) && source.ToString().Contains("RequestLoggingMiddleware", StringComparison.Ordinal);

    [Fact]
    public async Task The_request_log_carries_the_pseudonymized_client_address_and_the_route_pattern_never_the_raw_address_or_path()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        using var sink = new CapturingSink();
        var settings = Scenario.Settings(upstream.Address, new JsonObject { ["Subject"] = new JsonObject { ["RouteValue"] = "subject" } }, "/api/{subject}/{**rest}");
        await using var gateway = await ServiceHookedGateway.StartAsync(settings, services => services.AddSingleton<ILogEventSink>(sink));

        using var response = await gateway.Client.GetAsync($"api/{Uri.EscapeDataString(Scenario.CanaryEmail)}/orders?email={Uri.EscapeDataString(Scenario.CanaryEmail)}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var logged = await sink.WaitForAsync(IsRequestLog);
        Assert.Equal("\"127.0.0.0\"", logged.Properties["RemoteIpAddress"].ToString());
        Assert.Equal("\"/api/{subject}/{**rest}\"", logged.Properties["RequestPath"].ToString());
        Assert.Equal("\"api\"", logged.Properties["RouteId"].ToString());
        Assert.Equal("200", logged.Properties["StatusCode"].ToString());
        foreach (var logEvent in sink.Events)
        {
            var text = logEvent.RenderMessage() + string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"));
            Assert.DoesNotContain("canary", text, StringComparison.OrdinalIgnoreCase);
            if (!text.Contains("Microsoft.Hosting.Lifetime", StringComparison.Ordinal))
            {
                // Only the start-up message names the gateway's own listening address; nothing names the client's.
                Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Without_tracing_configured_requests_get_no_activity_and_a_client_trace_header_goes_upstream_unchanged()
    {
        // With ASP.NET Core's hosting diagnostics on, every request got an Activity, and HttpClient then replaced the
        // client's traceparent by one of its own (or invented one for a client that sent none).
        await using var upstream = await RecordingUpstream.StartAsync();
        using var sink = new CapturingSink();
        await using var gateway = await ServiceHookedGateway.StartAsync(Scenario.Settings(upstream.Address, new JsonObject()), services => services.AddSingleton<ILogEventSink>(sink));
        const string ClientTrace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        using var plain = await gateway.Client.GetAsync("api/orders", TestContext.Current.CancellationToken);
        using var traced = new HttpRequestMessage(HttpMethod.Get, "api/orders");
        traced.Headers.Add("traceparent", ClientTrace);
        using var tracedResponse = await gateway.Client.SendAsync(traced, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tracedResponse.StatusCode);
        Assert.Equal(2, upstream.Received.Count);
        Assert.DoesNotContain(upstream.Received[0].Headers.Keys, name => name.Equals("traceparent", StringComparison.OrdinalIgnoreCase));
        var forwarded = upstream.Received[1].Headers.First(h => h.Key.Equals("traceparent", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(ClientTrace, forwarded.Value);
        Assert.Null((await sink.WaitForAsync(IsRequestLog)).TraceId);
    }

    [Fact]
    public async Task A_request_the_upstream_cannot_answer_is_logged_at_error_level_with_its_502()
    {
        using var sink = new CapturingSink();
        await using var gateway = await ServiceHookedGateway.StartAsync(Scenario.Settings(LoopbackPorts.FreeHttpAddress(), new JsonObject()), services => services.AddSingleton<ILogEventSink>(sink));

        using var response = await gateway.Client.GetAsync("api/orders", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);

        var logged = await sink.WaitForAsync(IsRequestLog);
        Assert.Equal(LogEventLevel.Error, logged.Level);
        Assert.Equal("502", logged.Properties["StatusCode"].ToString());
        Assert.Equal("\"/api/{**rest}\"", logged.Properties["RequestPath"].ToString());
    }

    [Fact]
    public async Task A_level_override_on_the_request_log_source_context_still_applies()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        using var sink = new CapturingSink();
        var settings = Scenario.Settings(upstream.Address, new JsonObject()).WithRoute("down", "/down/{**rest}", LoopbackPorts.FreeHttpAddress(), policy: null);
        settings["Serilog"] = new JsonObject
        {
            ["MinimumLevel"] = new JsonObject { ["Override"] = new JsonObject { ["Serilog.AspNetCore.RequestLoggingMiddleware"] = "Warning" } },
        };
        await using var gateway = await ServiceHookedGateway.StartAsync(settings, services => services.AddSingleton<ILogEventSink>(sink));

        using var answered = await gateway.Client.GetAsync("api/orders", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        // The next request on the connection starts only once the first one's pipeline, request log included, is done.
        using var failed = await gateway.Client.GetAsync("down/orders", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);

        var logged = await sink.WaitForAsync(IsRequestLog);
        Assert.Equal("502", logged.Properties["StatusCode"].ToString());
        Assert.Single(sink.Events, IsRequestLog);
    }
}
