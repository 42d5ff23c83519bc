using Microsoft.Extensions.Diagnostics.HealthChecks;
using PrivacyGuard.Keys;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>Readiness: the key ring is loaded and has a current key (resolving it validates <c>PrivacyGuard:KeyRing</c>).</summary>
internal sealed class KeyRingHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var keyRing = (KeyRing?)services.GetService(typeof(KeyRing));
            return Task.FromResult(keyRing?.Current is not null ? HealthCheckResult.Healthy() : new HealthCheckResult(context.Registration.FailureStatus));
        }
#pragma warning disable CA1031 // An invalid key ring means not ready; its message is not reported.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus));
        }
    }
}
