using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Restriction;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace PrivacyGuard.AspNetCore.Tests.ClientAddress;

/// <summary>
/// Serilog request logging and a rate limiter keyed by IP, both after UsePrivacyGuard, over real Kestrel: they see only
/// the pseudonymized address, and nothing logged holds the original address or the subject id.
/// </summary>
public sealed class LoggingAndRateLimitingTests : IAsyncLifetime
{
    private const string Original = "203.0.113.77";
    private const string Alice = "alice@example.com";
    private readonly SqliteTestStore _store = new();
    private readonly CapturingSink _sink = new();
    private readonly ConcurrentQueue<string?> _partitionKeys = new();
    private KestrelHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var serilog = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(_sink).CreateLogger();
        _host = await EdgeHost.StartAsync(
            _store,
            new Dictionary<string, string?>
            {
                ["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
                ["PrivacyGuard:Subject:Source"] = "RouteValue",
                ["PrivacyGuard:Subject:Name"] = "subject",
            },
            app =>
            {
                app.UseSerilogRequestLogging(o =>
                {
                    o.Logger = serilog;
                    o.EnrichDiagnosticContext = (diagnostics, context) =>
                        diagnostics.Set("ClientIp", context.Connection.RemoteIpAddress?.ToString());
                });
                app.UseRateLimiter();
                app.MapGet("/accounts/{subject}", () => "ok");
            },
            configureServices: builder =>
            {
                builder.Services.AddSerilog(serilog, dispose: true);
                builder.Services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                {
                    var key = context.Connection.RemoteIpAddress?.ToString() ?? "none";
                    _partitionKeys.Enqueue(key);
                    return RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions { PermitLimit = 100 });
                }));
            });
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Request_logging_and_rate_limiting_see_only_the_pseudonymized_address_and_logs_hold_no_raw_values()
    {
        await _host!.Services.GetRequiredService<IRestrictionRegistry>().RestrictAsync(Alice, RestrictionReason.AccuracyContested, Ct);

        using var allowed = await GetAsync("/accounts/bob@example.com");
        using var denied = await GetAsync($"/accounts/{Alice}");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(["203.0.113.0"], _partitionKeys.Distinct());
        // The refused request never reaches the request logger after UsePrivacyGuard; PrivacyGuard logs it itself.
        var request = Assert.Single(_sink.Events, e => e.Properties.ContainsKey("ClientIp"));
        Assert.Equal("\"203.0.113.0\"", request.Properties["ClientIp"].ToString());
        Assert.Contains(_sink.Events, e => e.MessageTemplate.Text.StartsWith("Refused {Resource}", StringComparison.Ordinal));
        Assert.All(_sink.Events, e => Assert.DoesNotContain(Original, Text(e), StringComparison.Ordinal));

        // ASP.NET Core's own events log the request path, which here holds the subject id; PrivacyGuard's never do.
        Assert.All(_sink.Events.Where(e => Source(e).StartsWith("PrivacyGuard", StringComparison.Ordinal)), e =>
            Assert.DoesNotContain(Alice, Text(e), StringComparison.OrdinalIgnoreCase));
    }

    private static string Source(LogEvent e) => e.Properties.TryGetValue("SourceContext", out var source) ? source.ToString().Trim('"') : string.Empty;

    private static string Text(LogEvent e) =>
        e.RenderMessage() + string.Join(";", e.Properties.Where(p => p.Key != "RequestPath").Select(p => p.Value.ToString())) + e.Exception;

    private async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", Original);
        return await _host!.Client.SendAsync(request, Ct);
    }

    private sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyList<LogEvent> Events => [.. _events];

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}
