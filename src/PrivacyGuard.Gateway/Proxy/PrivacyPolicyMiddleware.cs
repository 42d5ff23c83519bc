using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Gateway.Bodies;
using PrivacyGuard.Gateway.Operations;
using PrivacyGuard.Gateway.Policies;
using PrivacyGuard.Pseudonymization;
using Yarp.ReverseProxy.Model;

namespace PrivacyGuard.Gateway.Proxy;

/// <summary>
/// A step of the proxy pipeline: applies the route's privacy policy to the request before YARP forwards it. Header
/// and query rules rewrite or remove values in place, so what YARP copies upstream is already treated. JSON request bodies are rewritten per
/// the <c>RequestBody</c> rules. A request the
/// policy cannot treat is refused here and never reaches the upstream.
/// </summary>
internal sealed class PrivacyPolicyMiddleware
{
    private readonly RequestDelegate _next;
    private readonly PolicyCatalog _catalog;
    private readonly GatewayMetrics _metrics;

    public PrivacyPolicyMiddleware(RequestDelegate next, PolicyCatalog catalog, GatewayMetrics metrics)
    {
        _next = next;
        _catalog = catalog;
        _metrics = metrics;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config;
        string? policyName = null;
        if (route?.Metadata?.TryGetValue(GatewayOptions.PolicyMetadataKey, out policyName) != true || string.IsNullOrWhiteSpace(policyName))
        {
            return _next(context);
        }

        if (!_catalog.TryGet(policyName, out var policy))
        {
            // Validation keeps this from happening; if it does, nothing is forwarded untreated.
            return GatewayRefusal.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, PrivacyProblemTypes.PrivacyStoreUnavailable, "The route's privacy policy is not available.");
        }

        var started = Stopwatch.GetTimestamp();
        int fields;
        try
        {
            fields = ApplyHeaderRules(context.Request.Headers, policy.Headers) + ApplyQueryRules(context.Request, policy.Query);
        }
        catch (PseudonymizationException)
        {
            return GatewayRefusal.WriteAsync(context, StatusCodes.Status400BadRequest, PrivacyProblemTypes.UnsupportedValue, "A header or query parameter holds a value its privacy rule cannot treat.");
        }

        if ((policy.RequestBody is not null || policy.ResponseBody is not null) && IsUpgrade(context))
        {
            // An upgraded connection (WebSocket) carries data the body rules could not rewrite: it is not opened.
            return GatewayRefusal.WriteAsync(context, StatusCodes.Status400BadRequest, GatewayProblemTypes.UpgradeRefused,
                "Connection upgrade refused", "This route rewrites bodies, so it does not open upgraded connections.");
        }

        if (policy.ResponseBody is not null && policy.Options.CompressedResponses == CompressedResponses.Refuse)
        {
            // Compressed responses would be refused: ask the upstream for an uncompressed one.
            context.Request.Headers.AcceptEncoding = "identity";
        }
        else if (policy.ResponseBody is not null && context.Request.Headers.AcceptEncoding.Count > 0)
        {
            // Offer the upstream only the codings the response rewriter undoes, so it does not pick deflate or zstd (502).
            context.Request.Headers.AcceptEncoding = RewritableCodings(context.Request.Headers.AcceptEncoding);
        }

        if (policy.ResponseBody is not null)
        {
            // A part of a document is no JSON document: a 206 would be refused (502). Ask for the whole, rewritten one.
            context.Request.Headers.Remove(HeaderNames.Range);
            context.Request.Headers.Remove(HeaderNames.IfRange);
        }

        var measurement = new RequestRewriteMeasurement(_metrics, route, fields, started);
        if (policy.RequestBody is { } rewriter)
        {
            return RequestBodyRewriting.RewriteAndContinueAsync(context, policy, rewriter, _next, measurement);
        }

        if (policy.Headers.Count + policy.Query.Count > 0)
        {
            measurement.Record(policy, bodyFields: 0);
        }

        return _next(context);
    }

    /// <summary>The client's <c>Accept-Encoding</c> entries for gzip, br and identity (q-values kept), or <c>identity</c> when none is left.</summary>
    private static string RewritableCodings(StringValues acceptEncoding)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var offered))
        {
            return "identity";
        }

        var kept = offered.Where(static c => c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || c.Value.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)
            || c.Value.Equals("br", StringComparison.OrdinalIgnoreCase) || c.Value.Equals("identity", StringComparison.OrdinalIgnoreCase)).ToList();
        return kept.Count == 0 ? "identity" : string.Join(", ", kept);
    }

    private static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    /// <summary>Applies the header rules; returns the number of values rewritten or removed.</summary>
    private static int ApplyHeaderRules(IHeaderDictionary headers, IReadOnlyList<CompiledValueRule> rules)
    {
        var fields = 0;
        foreach (var rule in rules)
        {
            if (!headers.TryGetValue(rule.Name, out var values))
            {
                continue;
            }

            fields += values.Count;
            if (rule.Treatment.Removes)
            {
                headers.Remove(rule.Name);
                continue;
            }

            headers[rule.Name] = Treat(values, rule.Treatment);
        }

        return fields;
    }

    /// <summary>Applies the query rules; returns the number of values rewritten or removed.</summary>
    private static int ApplyQueryRules(HttpRequest request, IReadOnlyList<CompiledValueRule> rules)
    {
        if (rules.Count == 0 || !request.QueryString.HasValue)
        {
            return 0;
        }

        var fields = 0;
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var (name, values) in request.Query)
        {
            var rule = Find(rules, name);
            if (rule is null)
            {
                foreach (var value in values)
                {
                    pairs.Add(new(name, value));
                }

                continue;
            }

            fields += values.Count;
            if (rule.Treatment.Removes)
            {
                continue;
            }

            foreach (var value in values)
            {
                pairs.Add(new(name, value is null ? null : rule.Treatment.Apply(value)));
            }
        }

        if (fields > 0)
        {
            request.QueryString = QueryString.Create(pairs);
        }

        return fields;
    }

    private static CompiledValueRule? Find(IReadOnlyList<CompiledValueRule> rules, string name)
    {
        foreach (var rule in rules)
        {
            if (string.Equals(rule.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return rule;
            }
        }

        return null;
    }

    private static StringValues Treat(StringValues values, ValueTreatment treatment)
    {
        if (values.Count == 1)
        {
            return treatment.Apply(values[0] ?? string.Empty);
        }

        var treated = new string?[values.Count];
        for (var i = 0; i < treated.Length; i++)
        {
            treated[i] = values[i] is { } value ? treatment.Apply(value) : null;
        }

        return new StringValues(treated);
    }
}
