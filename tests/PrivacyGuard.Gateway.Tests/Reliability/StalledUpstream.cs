using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PrivacyGuard.Gateway.Tests.Reliability;

/// <summary>
/// An upstream on real Kestrel that accepts every request and never answers until <see cref="DisposeAsync"/> releases
/// it (or the gateway gives up and aborts the request).
/// </summary>
internal sealed class StalledUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;

    private StalledUpstream(WebApplication app) => _app = app;

    /// <summary>The upstream's base address.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>How many requests arrived (and were held).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<StalledUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var self = new StalledUpstream(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref self._requests);
            try
            {
                await self._release.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The gateway gave up on this request.
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        self.Address = new Uri(address.TrimEnd('/') + "/");
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
