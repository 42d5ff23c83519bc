using Microsoft.Extensions.Hosting;
using PrivacyGuard.Encryption;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Subscribes the data key cache to the store's change feed when the host starts, so shreds made by other instances
/// evict this instance's cached keys. Registered after the migrator, so the store exists when it runs.
/// </summary>
internal sealed class SubjectKeyServiceStarter(SubjectKeyService keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => keys.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
