using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using PrivacyGuard.Gateway.Policies;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace PrivacyGuard.Gateway.Edge;

/// <summary>
/// Finds the policy of the route a request matched. The route names the policy; the policy itself is looked up in the
/// catalog on every request, so a policy-only reload takes effect without rebuilding the routes. Once pinned to a request
/// (<see cref="Pin"/>, before the edge runs), the request keeps that policy, so its authentication and its subject come
/// from the same policy even when a reload lands in between.
/// </summary>
internal static class RoutePolicy
{
    /// <summary>The policy name in <paramref name="route"/>'s metadata, if any.</summary>
    public static string? NameOf(RouteConfig? route) =>
        route?.Metadata?.TryGetValue(GatewayOptions.PolicyMetadataKey, out var name) == true && !string.IsNullOrWhiteSpace(name) ? name : null;

    /// <summary>The current policy of the proxy route <paramref name="context"/> matched, if it names one.</summary>
    public static bool TryGet(HttpContext context, PolicyCatalog catalog, [NotNullWhen(true)] out GatewayPolicy? policy)
    {
        if (context.Features.Get<PinnedPolicy>() is { } pinned)
        {
            policy = pinned.Policy;
            return true;
        }

        policy = null;
        var name = NameOf(context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config);
        return name is not null && catalog.TryGet(name, out policy);
    }

    /// <summary>Makes <paramref name="policy"/> the policy of <paramref name="context"/> for the rest of the request.</summary>
    public static void Pin(HttpContext context, GatewayPolicy policy) => context.Features.Set(new PinnedPolicy(policy));

    private sealed record PinnedPolicy(GatewayPolicy Policy);
}
