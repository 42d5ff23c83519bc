using Microsoft.Extensions.Hosting;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Loads the restriction snapshot and starts listening for changes when the host starts; the host fails to start when
/// the store cannot be reached. Registered after the migrator, so the tables exist.
/// </summary>
internal sealed class RestrictionRegistryStarter(EfRestrictionRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => registry.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
