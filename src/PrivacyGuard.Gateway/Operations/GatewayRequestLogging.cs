using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Events;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// Serilog for the gateway: configured from the <c>Serilog</c> section (console output when it names no sink, buffered
/// by <see cref="BufferedConsoleSink"/> when standard output is redirected), plus
/// any <see cref="Serilog.Core.ILogEventSink"/> registered as a service; one request-log event per request, written
/// after <c>UsePrivacyGuard()</c> so the client address it carries is the pseudonymized one.
/// </summary>
public static class GatewayRequestLogging
{
    /// <summary>The request-log event's template: the route pattern, never the request path (which may hold personal data).</summary>
    public const string MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms";

    /// <summary>
    /// ASP.NET Core's per-request diagnostics category. While any level of it is enabled, the host starts an
    /// <see cref="System.Diagnostics.Activity"/> and a logging scope (which holds the raw request path) for every request,
    /// whether or not anything traces; the gateway's own request log replaces its events, so it is off. With tracing
    /// configured (an <see cref="System.Diagnostics.ActivityListener"/> on the host's source), requests still get their
    /// activities, and the request log its trace and span ids.
    /// </summary>
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Replaces the host's logging with Serilog configured from <c>Serilog</c>.</summary>
    public static void AddGatewaySerilog(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                // Framework request and proxy events name the raw path and query (which may hold personal data): the
                // gateway's request log replaces them. The Serilog section can lower these levels again.
                logger.MinimumLevel.Information()
                    .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                    .MinimumLevel.Override(HostingDiagnosticsCategory, LevelAlias.Off)
                    .MinimumLevel.Override("Yarp", LogEventLevel.Warning)
                    .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                    .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning);
                logger.ReadFrom.Configuration(configuration).ReadFrom.Services(services).Enrich.FromLogContext();
                if (!configuration.GetSection("Serilog:WriteTo").Exists())
                {
                    // A terminal gets Serilog's coloured console; redirected output (a container's log driver, a
                    // service manager, a file) the same text, written in blocks rather than one write per event.
                    if (Console.IsOutputRedirected)
                    {
                        logger.WriteTo.Sink(services.GetRequiredService<BufferedConsoleSink>());
                    }
                    else
                    {
                        logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
            },
            preserveStaticLogger: true);

        // A singleton, so that the service provider disposes it, writing what it holds, when the host shuts down.
        builder.Services.AddSingleton(_ => new BufferedConsoleSink());
    }

    /// <summary>Adds the request log (<see cref="RequestLogMiddleware"/>). Call after <c>UsePrivacyGuard()</c>.</summary>
    public static IApplicationBuilder UseGatewayRequestLogging(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<RequestLogMiddleware>();
    }
}
