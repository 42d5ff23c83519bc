using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>Applies the store's migrations when the host starts, if <see cref="PrivacyStoreOptions.ApplyMigrationsAtStartup"/> says so.</summary>
internal sealed class PrivacyStoreMigrationHostedService(PrivacyStoreMigrator migrator, IOptions<PrivacyStoreOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.ApplyMigrationsAtStartup ? migrator.MigrateAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
