using Microsoft.AspNetCore.Http;
using PrivacyGuard.AspNetCore.Problems;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// Counts the requests <c>UsePrivacyGuard()</c> refuses (restricted subject, objection, ambiguous subject, access log
/// unavailable) in <c>privacyguard.gateway.requests_blocked</c>. Runs just before <c>UsePrivacyGuard()</c> and watches
/// the first bytes written to the response; <see cref="PassedAsync"/>, just after it, hands a request that passed the
/// edge its own response stream back, so proxied traffic is not observed.
/// </summary>
internal sealed class EdgeRefusalObserver(RequestDelegate next, GatewayMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var original = context.Response.Body;
        var observation = new EdgeObservation(original);
        context.Features.Set(observation);
        context.Response.Body = observation.Sniffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (!observation.Passed)
            {
                context.Response.Body = original;
            }
        }

        if (!observation.Passed && context.Response.ContentType?.StartsWith(PrivacyProblemWriter.ContentType, StringComparison.OrdinalIgnoreCase) == true
            && observation.Sniffer.ProblemType() is { } type)
        {
            metrics.Blocked(context, type);
        }
    }

    /// <summary>The step after <c>UsePrivacyGuard()</c>: the request passed the edge.</summary>
    public static Task PassedAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<EdgeObservation>() is { Passed: false } observation)
        {
            observation.Passed = true;
            context.Response.Body = observation.Sniffer.Inner;
        }

        return next(context);
    }

    /// <summary>A request's observation: the sniffer over its response stream, and whether it passed the edge.</summary>
    private sealed class EdgeObservation(Stream original)
    {
        public ProblemTypeSniffer Sniffer { get; } = new(original);

        public bool Passed { get; set; }
    }
}
