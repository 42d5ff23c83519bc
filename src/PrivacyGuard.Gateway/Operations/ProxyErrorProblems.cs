using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PrivacyGuard.AspNetCore.Problems;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// Gives YARP's own proxy failures an <c>application/problem+json</c> body: an upstream that cannot be reached (502, or
/// 503 when the cluster has no available destination) and one that stays silent beyond the cluster's
/// <c>HttpRequest:ActivityTimeout</c> (504). YARP answers these with a status and an empty body; the problem written here
/// has a fixed title and detail and never the destination, the exception or anything from the request.
/// </summary>
public static class ProxyErrorProblems
{
    private const string Base = "https://privacyguard.dev/problems/";

    /// <summary>502 (or 503): the upstream could not be reached or failed before answering.</summary>
    public const string UpstreamUnavailable = Base + "upstream-unavailable";

    /// <summary>504: the upstream sent nothing within the cluster's activity timeout.</summary>
    public const string UpstreamTimeout = Base + "upstream-timeout";

    /// <summary>
    /// Adds the problem writer to the proxy pipeline. Call it first in <c>MapReverseProxy</c> so it sees the outcome of
    /// everything after it.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseProxyErrorProblems(this IReverseProxyApplicationBuilder proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        proxy.Use(WriteProblemOnProxyErrorAsync);
        return proxy;
    }

    private static async Task WriteProblemOnProxyErrorAsync(HttpContext context, RequestDelegate next)
    {
        await next(context).ConfigureAwait(false);
        if (context.Response.HasStarted || context.GetForwarderErrorFeature() is null || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        switch (context.Response.StatusCode)
        {
            case StatusCodes.Status504GatewayTimeout:
                await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status504GatewayTimeout, UpstreamTimeout,
                    "Upstream timeout", "The upstream service did not answer in time.").ConfigureAwait(false);
                break;
            case StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable:
                await PrivacyProblemWriter.WriteAsync(context, context.Response.StatusCode, UpstreamUnavailable,
                    "Upstream unavailable", "The upstream service could not be reached.").ConfigureAwait(false);
                break;
        }
    }
}
