using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// The gateway's health endpoints: <see cref="LivenessPath"/> answers as long as the process serves requests (no
/// dependency is checked); <see cref="ReadinessPath"/> checks the privacy store, the key ring and the policy
/// configuration. Both answer with <see cref="HealthResponseWriter"/>'s JSON: a status per check, nothing else.
/// </summary>
public static class GatewayHealthChecks
{
    /// <summary>The liveness endpoint.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>The readiness endpoint.</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>The tag of the checks <see cref="ReadinessPath"/> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers the readiness checks: <c>privacy-store</c>, <c>key-ring</c> and <c>policies</c>.</summary>
    public static IHealthChecksBuilder AddGatewayHealthChecks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddHealthChecks()
            .AddCheck<PrivacyStoreHealthCheck>("privacy-store", tags: [ReadyTag])
            .AddCheck<KeyRingHealthCheck>("key-ring", tags: [ReadyTag])
            .AddCheck<PolicyCatalogHealthCheck>("policies", tags: [ReadyTag]);
    }

    /// <summary>Maps <see cref="LivenessPath"/> and <see cref="ReadinessPath"/>.</summary>
    public static IEndpointRouteBuilder MapGatewayHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = static _ => false, ResponseWriter = HealthResponseWriter.WriteAsync });
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            Predicate = static registration => registration.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        return endpoints;
    }
}
