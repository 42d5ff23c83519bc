using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PrivacyGuard.Samples.AccountService.Data;

/// <summary>
/// Creates the application database's tables when the host starts (<c>EnsureCreated</c>: a sample with one table and two
/// providers; a real service would scaffold migrations per provider). The SQLite file's folder is created first.
/// </summary>
internal sealed class AccountsDatabaseInitializer(IServiceScopeFactory scopes, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(AccountServiceApp.ConnectionStringName)))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(AccountServiceApp.SqlitePath(configuration))!);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        await db.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
