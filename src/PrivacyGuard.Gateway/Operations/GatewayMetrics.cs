using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using PrivacyGuard.Gateway.Edge;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// The gateway's instruments on the <see cref="MeterName"/> meter, for OpenTelemetry (or <c>dotnet-counters</c>) to
/// collect. Tags are limited to configuration names (route id, policy name), the direction and a fixed refusal reason:
/// never a subject id, token, address or value.
/// </summary>
internal sealed class GatewayMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "PrivacyGuard.Gateway";

    /// <summary>Tag values for <c>direction</c>.</summary>
    public const string Request = "request", Response = "response";

    private readonly Counter<long> _requestsRewritten;
    private readonly Counter<long> _fieldsRewritten;
    private readonly Counter<long> _requestsBlocked;
    private readonly Histogram<double> _rewriteDuration;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requestsRewritten = meter.CreateCounter<long>("privacyguard.gateway.requests_rewritten", "{request}",
            "Requests or responses in which at least one header, query parameter or body field was rewritten.");
        _fieldsRewritten = meter.CreateCounter<long>("privacyguard.gateway.fields_rewritten", "{field}",
            "Header values, query values and JSON body values rewritten or removed.");
        _requestsBlocked = meter.CreateCounter<long>("privacyguard.gateway.requests_blocked", "{request}",
            "Requests refused by the edge policy or the route's privacy policy, by reason.");
        _rewriteDuration = meter.CreateHistogram<double>("privacyguard.gateway.rewrite_duration", "s",
            "Time spent applying a route's privacy rules to one request or response, in seconds.");
    }

    /// <summary>Records one rewriting pass over a request or response of <paramref name="route"/>.</summary>
    public void Rewritten(RouteConfig? route, string policy, string direction, int fields, long startTimestamp)
    {
        var tags = new TagList { { "route", RouteIdOf(route) }, { "policy", policy }, { "direction", direction } };
        _rewriteDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        if (fields > 0)
        {
            _requestsRewritten.Add(1, tags);
            _fieldsRewritten.Add(fields, tags);
        }
    }

    /// <summary>Records a refusal with problem type <paramref name="problemType"/> of the request in <paramref name="context"/>.</summary>
    public void Blocked(HttpContext context, string problemType)
    {
        var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config ?? context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config;
        var tags = new TagList
        {
            { "route", RouteIdOf(route) },
            { "policy", RoutePolicy.NameOf(route) ?? "(none)" },
            { "reason", ProblemReasons.Of(problemType) },
        };
        _requestsBlocked.Add(1, tags);
    }

    private static string RouteIdOf(RouteConfig? route) => route?.RouteId ?? "(none)";
}
