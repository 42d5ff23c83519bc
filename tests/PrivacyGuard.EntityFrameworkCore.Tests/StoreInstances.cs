using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests;

/// <summary>
/// Independent PrivacyGuard instances (one service provider each, as separate processes would have), started the
/// way a host starts them: options validated, hosted services (the migrator) run. Disposes them all.
/// </summary>
internal sealed class StoreInstances : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    public static ServiceProvider Build(Action<PrivacyStoreOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public async Task<IServiceProvider> StartAsync(Action<PrivacyStoreOptions> configure)
    {
        var provider = Build(configure);
        _providers.Add(provider);
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(TestContext.Current.CancellationToken);
        }

        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }
}
