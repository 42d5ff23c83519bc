using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AccessLog;
using PrivacyGuard.Tests;

namespace PrivacyGuard.Gateway.Tests;

/// <summary>
/// The gateway on real Kestrel (127.0.0.1, ephemeral port), configured from an <c>appsettings.json</c> written to a
/// temporary folder and reloaded on change, as a deployment would be.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly string _folder;

    private GatewayHost(WebApplication app, Uri address, string folder)
    {
        App = app;
        Address = address;
        _folder = folder;
        Client = new HttpClient { BaseAddress = address };
    }

    /// <summary>The running gateway.</summary>
    public WebApplication App { get; }

    /// <summary>The gateway's base address.</summary>
    public Uri Address { get; }

    /// <summary>A client for the gateway.</summary>
    public HttpClient Client { get; }

    /// <summary>The path of the gateway's settings file.</summary>
    public string SettingsPath => Path.Combine(_folder, "appsettings.json");

    /// <summary>Settings with a test key ring, one route to <paramref name="upstream"/> and the given policies section.</summary>
    public static JsonObject Settings(Uri upstream, JsonObject policies, JsonObject? routeMetadata = null, string path = "/api/{**rest}")
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var route = new JsonObject
        {
            ["ClusterId"] = "upstream",
            ["Match"] = new JsonObject { ["Path"] = path },
        };
        if (routeMetadata is not null)
        {
            route["Metadata"] = routeMetadata;
        }

        return new JsonObject
        {
            ["PrivacyGuard"] = new JsonObject
            {
                ["KeyRing"] = new JsonObject { ["CurrentKeyId"] = "ka", ["Keys"] = new JsonObject { ["ka"] = TestKeys.SecretA } },
                ["Policies"] = policies,
            },
            ["ReverseProxy"] = new JsonObject
            {
                ["Routes"] = new JsonObject { ["api"] = route },
                ["Clusters"] = new JsonObject
                {
                    ["upstream"] = new JsonObject
                    {
                        ["Destinations"] = new JsonObject { ["d1"] = new JsonObject { [nameof(Address)] = upstream.ToString() } },
                    },
                },
            },
        };
    }

    /// <summary>Writes <paramref name="settings"/> and starts the gateway on them.</summary>
    public static async Task<GatewayHost> StartAsync(JsonObject settings)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "gateway-hosts", Guid.NewGuid().ToString("n"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), WithStoreIn(settings, folder).ToJsonString());
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder, EnvironmentName = "Production", Args = [] });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            GatewayApplication.AddGatewayServices(builder);
            var app = builder.Build();
            try
            {
                app.MapGateway();
                await app.StartAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new GatewayHost(app, new Uri(address.TrimEnd('/') + "/"), folder);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Rewrites the settings file and reloads the configuration from it, as the file watcher would (called here
    /// directly so the test does not depend on when the operating system reports the change).
    /// </summary>
    public async Task ReloadAsync(JsonObject settings)
    {
        await File.WriteAllTextAsync(SettingsPath, WithStoreIn(settings, _folder).ToJsonString());
        ((IConfigurationRoot)App.Services.GetRequiredService<IConfiguration>()).Reload();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The services of the running gateway.</summary>
    public IServiceProvider Services => App.Services;

    /// <summary>The recorded access events of <paramref name="subject"/>, oldest first.</summary>
    public async Task<IReadOnlyList<AccessEvent>> AccessEventsOfAsync(string subject)
    {
        var token = Services.GetRequiredService<IAccessLog>().TokenizeSubject(subject);
        var events = new List<AccessEvent>();
        await foreach (var recorded in Services.GetRequiredService<IAccessLogReader>().QueryAsync(new AccessLogQuery { SubjectToken = token }, TestContext.Current.CancellationToken))
        {
            events.Add(recorded.Event);
        }

        return events;
    }

    /// <summary>The privacy store in <paramref name="folder"/> (SQLite), unless the settings name a store already.</summary>
    private static JsonObject WithStoreIn(JsonObject settings, string folder)
    {
        var copy = settings.DeepClone().AsObject();
        var privacy = copy["PrivacyGuard"]!.AsObject();
        privacy["Store"] ??= new JsonObject { ["DataDirectory"] = Path.Combine(folder, ".data") };
        return copy;
    }
}
