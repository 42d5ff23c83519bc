using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace PrivacyGuard.Gateway.Tests.Operations;

/// <summary>
/// The gateway on real Kestrel like <see cref="GatewayHost"/>, with extra services registered before it is built (a
/// log sink, for instance).
/// </summary>
internal sealed class ServiceHookedGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

    private ServiceHookedGateway(WebApplication app, Uri address, string folder)
    {
        _app = app;
        _folder = folder;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ServiceHookedGateway> StartAsync(JsonObject settings, Action<IServiceCollection> services)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "gateway-hosts", Guid.NewGuid().ToString("n"))).FullName;
        var copy = settings.DeepClone().AsObject();
        copy["PrivacyGuard"]!["Store"] ??= new JsonObject { ["DataDirectory"] = Path.Combine(folder, ".data") };
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), copy.ToJsonString());
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder, EnvironmentName = "Production", Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        GatewayApplication.AddGatewayServices(builder);
        services(builder.Services);
        var app = builder.Build();
        app.MapGateway();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ServiceHookedGateway(app, new Uri(address.TrimEnd('/') + "/"), folder);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
