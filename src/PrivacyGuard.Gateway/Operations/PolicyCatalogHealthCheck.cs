using Microsoft.Extensions.Diagnostics.HealthChecks;
using PrivacyGuard.Gateway.Policies;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// Readiness: the policy configuration is loaded and valid (the catalog only ever holds a validated generation).
/// Reports <c>generation</c> (1 at start-up, +1 per accepted reload) and <c>rejectedReloads</c>.
/// </summary>
internal sealed class PolicyCatalogHealthCheck(PolicyCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["generation"] = catalog.Generation, ["rejectedReloads"] = catalog.RejectedReloads };
        return Task.FromResult(HealthCheckResult.Healthy(data: data));
    }
}
