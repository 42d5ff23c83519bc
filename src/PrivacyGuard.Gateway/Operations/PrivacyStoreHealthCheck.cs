using Microsoft.Extensions.Diagnostics.HealthChecks;
using PrivacyGuard.AccessLog;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// Readiness: the privacy store answers a query. The probe asks the access log for the events of a subject token no
/// subject has (one indexed lookup returning no rows), through the same store the edge records accesses in.
/// </summary>
internal sealed class PrivacyStoreHealthCheck(IAccessLogReader reader) : IHealthCheck
{
    private static readonly AccessLogQuery Probe = new() { SubjectToken = "readiness-probe", Limit = 1 };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var _ in reader.QueryAsync(Probe, cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            return HealthCheckResult.Healthy();
        }
#pragma warning disable CA1031 // Any failure of the store means not ready; the exception is not reported (it may name hosts).
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return new HealthCheckResult(context.Registration.FailureStatus);
        }
    }
}
