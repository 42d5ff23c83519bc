using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;
using Yarp.ReverseProxy.Model;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// Writes the gateway's request-log event when a request completes: the template and properties of Serilog's request
/// logging (<see cref="GatewayRequestLogging.MessageTemplate"/>, <c>RemoteIpAddress</c>, <c>RouteId</c>, level
/// Information, or Error for a 5xx or an exception), under its source context so level overrides keep applying. The
/// event is assembled in one pre-sized property dictionary, without the diagnostic-context collection (an async-local
/// scope per request) that nothing in the gateway adds to.
/// </summary>
internal sealed class RequestLogMiddleware
{
    /// <summary>The events' <c>SourceContext</c>: that of Serilog's request logging, which this replaces.</summary>
    public const string SourceContext = "Serilog.AspNetCore.RequestLoggingMiddleware";

    // The template's four properties, RemoteIpAddress, RouteId, and room for the enrichers' (source context, request and
    // connection ids) without the dictionary growing.
    private const int PropertyCapacity = 12;

    /// <summary>The parsed <see cref="GatewayRequestLogging.MessageTemplate"/>, shared by every event this middleware writes.</summary>
    internal static readonly MessageTemplate Template = new MessageTemplateParser().Parse(GatewayRequestLogging.MessageTemplate);

    private readonly RequestDelegate _next;
    private readonly Serilog.ILogger _logger;

    public RequestLogMiddleware(RequestDelegate next, Serilog.ILogger logger)
    {
        _next = next;
        _logger = logger.ForContext(Constants.SourceContextPropertyName, SourceContext);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (Write(context, StatusCodes.Status500InternalServerError, started, exception))
        {
            // Never caught: Write returns false, so the exception goes on to the server as before.
        }

        Write(context, context.Response.StatusCode, started, null);
    }

    /// <summary>Writes the event; always false, so that as an exception filter it logs without catching.</summary>
    private bool Write(HttpContext context, int status, long started, Exception? exception)
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var level = exception is not null || status > 499 ? LogEventLevel.Error : LogEventLevel.Information;
        if (!_logger.IsEnabled(level))
        {
            return false;
        }

        var endpoint = context.GetEndpoint();
        var properties = new Dictionary<string, LogEventPropertyValue>(PropertyCapacity, StringComparer.Ordinal)
        {
            // Read when the request completes: UsePrivacyGuard() has replaced the connection's address by then.
            ["RemoteIpAddress"] = new ScalarValue(context.Connection.RemoteIpAddress?.ToString()),
        };
        if (endpoint?.Metadata.GetMetadata<RouteModel>()?.Config.RouteId is { } routeId)
        {
            properties["RouteId"] = new ScalarValue(routeId);
        }

        properties["RequestMethod"] = new ScalarValue(context.Request.Method);
        properties["RequestPath"] = new ScalarValue(RouteOf(endpoint));
        properties["StatusCode"] = new ScalarValue(status);
        properties["Elapsed"] = new ScalarValue(elapsed);
        var (traceId, spanId) = Activity.Current is { } activity ? (activity.TraceId, activity.SpanId) : default;
        _logger.Write(LogEvent.UnstableAssembleFromParts(DateTimeOffset.Now, level, exception, Template, properties, traceId, spanId));
        return false;
    }

    /// <summary>The matched route's pattern, or a placeholder: the raw path may name a data subject.</summary>
    private static string RouteOf(Endpoint? endpoint) => endpoint switch
    {
        RouteEndpoint route => route.RoutePattern.RawText ?? "(route)",
        null => "(no endpoint)",
        _ => "(endpoint)",
    };
}
