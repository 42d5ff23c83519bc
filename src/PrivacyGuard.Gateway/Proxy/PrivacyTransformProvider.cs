using Microsoft.AspNetCore.Http;
using PrivacyGuard.Gateway.Bodies;
using PrivacyGuard.Gateway.Policies;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace PrivacyGuard.Gateway.Proxy;

/// <summary>
/// Route-level YARP integration: a route naming an unknown policy is a configuration error (at start-up the gateway
/// refuses to start; on reload YARP keeps the last good routes), and on every route YARP's default forwarders, which
/// send the real client address upstream, are replaced by headers carrying only the pseudonymized address, and a
/// response transform rewrites JSON response bodies per the route's policy.
/// </summary>
internal sealed class PrivacyTransformProvider : ITransformProvider
{
    // The forwarding headers, and the admin API's credential header: an admin key sent on a path that ends up proxied
    // (a typo, an encoded slash) must not travel on to the upstream.
    private static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "Forwarded", "X-Real-IP", "X-PrivacyGuard-Key"];

    private readonly PolicyCatalog _catalog;
    private readonly ResponseBodyRewriter _responses;

    public PrivacyTransformProvider(PolicyCatalog catalog, ResponseBodyRewriter responses)
    {
        _catalog = catalog;
        _responses = responses;
    }

    public void ValidateRoute(TransformRouteValidationContext context)
    {
        if (context.Route.Metadata?.TryGetValue(GatewayOptions.PolicyMetadataKey, out var name) != true)
        {
            return;
        }

        // Routes and policies reload from the same file; re-read the policies before calling a name unknown. A policy the
        // catalog only retains for the live routes is not defined any more: a route that names it is refused.
        if (string.IsNullOrWhiteSpace(name) || (!_catalog.IsConfigured(name) && (!_catalog.Reload() || !_catalog.IsConfigured(name))))
        {
            context.Errors.Add(new GatewayConfigurationException(
                $"Route '{context.Route.RouteId}': metadata {GatewayOptions.PolicyMetadataKey} names policy '{name}', which is not defined under {GatewayOptions.PoliciesSection}."));
        }
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        context.UseDefaultForwarders = false;
        context.AddRequestTransform(static transformContext =>
        {
            foreach (var header in ForwardingHeaders)
            {
                RequestTransform.RemoveHeader(transformContext, header);
            }

            var request = transformContext.HttpContext.Request;
            // The PrivacyGuard middleware has already replaced the connection's address with its pseudonymized form.
            var client = transformContext.HttpContext.Connection.RemoteIpAddress?.ToString();
            if (client is not null)
            {
                transformContext.ProxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", client);
                transformContext.ProxyRequest.Headers.TryAddWithoutValidation("X-Real-IP", client);
            }

            transformContext.ProxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
            if (request.Host.HasValue)
            {
                transformContext.ProxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
            }

            // One string per request: an IPv6 address is quoted and bracketed (RFC 7239) in the same interpolation.
            var forwarded = client is null ? $"for=unknown;proto={request.Scheme}"
                : client.Contains(':', StringComparison.Ordinal) ? $"for=\"[{client}]\";proto={request.Scheme}"
                : $"for={client};proto={request.Scheme}";
            transformContext.ProxyRequest.Headers.TryAddWithoutValidation("Forwarded", forwarded);
            return ValueTask.CompletedTask;
        });

        // On every route: the policy is looked up per response, so a reload that adds response rules takes effect.
        context.AddResponseTransform(_responses.ApplyAsync);
    }
}
