using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PrivacyGuard.EntityFrameworkCore.Retention;

/// <summary>
/// Runs <see cref="RetentionPurger.PurgeAsync"/> every <see cref="RetentionOptions.Interval"/> (the first run one interval
/// after start). A failing run is logged and retried at the next interval; it never stops the host. Logs counts only.
/// </summary>
internal sealed partial class RetentionService(
    RetentionPurger purger,
    LastGoodOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Current.Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RunOnceAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One purge; returns its report, or null when it failed (the failure is logged).</summary>
    internal async Task<RetentionReport?> RunOnceAsync(CancellationToken cancellationToken)
    {
        var dryRun = options.Current.DryRun;
        try
        {
            var report = await purger.PurgeAsync(dryRun, cancellationToken).ConfigureAwait(false);
            LogFinished(logger, dryRun ? "dry run" : "purge", report.Expired, report.Deleted, report.Anonymized, report.Entities.Count);
            return report;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // A failed run must not stop the host; it is retried at the next interval.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, dryRun ? "dry run" : "purge", ex.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Retention {Mode} finished: {Expired} expired, {Deleted} deleted, {Anonymized} anonymized rows in {Entities} entity types.")]
    private static partial void LogFinished(ILogger logger, string mode, int expired, int deleted, int anonymized, int entities);

    [LoggerMessage(EventId = 42, Level = LogLevel.Error, Message = "Retention {Mode} failed ({Error}); it is retried at the next interval.")]
    private static partial void LogFailed(ILogger logger, string mode, string error);
}
