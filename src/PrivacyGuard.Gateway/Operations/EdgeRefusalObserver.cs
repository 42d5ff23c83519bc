using Microsoft.AspNetCore.Http;
using PrivacyGuard.AspNetCore.Problems;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// Counts the requests <c>UsePrivacyGuard()</c> refuses (restricted subject, objection, ambiguous subject, access log
/// unavailable) in <c>privacyguard.gateway.requests_blocked</c>. Runs just before <c>UsePrivacyGuard()</c> and gives the
/// request an <see cref="IPrivacyProblemFeature"/>, which the problem writer tells the refusal's type;
/// <see cref="PassedAsync"/>, just after it, removes the feature from a request that passed the edge, so the problems of
/// later steps (the admin API, the proxy) are not counted here.
/// </summary>
internal sealed class EdgeRefusalObserver(RequestDelegate next, GatewayMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var observation = new Observation();
        context.Features.Set<IPrivacyProblemFeature>(observation);
        await next(context).ConfigureAwait(false);
        if (observation.ProblemType is { } type)
        {
            metrics.Blocked(context, type);
        }
    }

    /// <summary>The step after <c>UsePrivacyGuard()</c>: the request passed the edge.</summary>
    public static Task PassedAsync(HttpContext context, RequestDelegate next)
    {
        context.Features.Set<IPrivacyProblemFeature>(null);
        return next(context);
    }

    private sealed class Observation : IPrivacyProblemFeature
    {
        public string? ProblemType { get; set; }
    }
}
