using PrivacyGuard.Gateway.Policies;
using Yarp.ReverseProxy.Configuration;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// A request's rewriting pass in progress: the header and query values already rewritten and when the pass started,
/// completed by the body rewriting (or without a body) and recorded once.
/// </summary>
internal readonly record struct RequestRewriteMeasurement(GatewayMetrics Metrics, RouteConfig? Route, int HeaderAndQueryFields, long StartTimestamp)
{
    /// <summary>Records the pass with <paramref name="bodyFields"/> body values rewritten.</summary>
    public void Record(GatewayPolicy policy, int bodyFields) =>
        Metrics.Rewritten(Route, policy.Name, GatewayMetrics.Request, HeaderAndQueryFields + bodyFields, StartTimestamp);
}
