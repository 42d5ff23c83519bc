using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivacyGuard.Gateway;
using PrivacyGuard.Samples.AccountService;

namespace PrivacyGuard.Demo.Stack;

/// <summary>
/// The gateway in front of the account service, both in this process on 127.0.0.1, sharing one configuration: the key
/// ring (the development key file unless keys are configured), the privacy store and application database under the
/// data folder, and the admin API's development key. Disposing stops the gateway, then the service.
/// </summary>
internal sealed class DemoStack : IAsyncDisposable
{
    private DemoStack(WebApplication service, Uri serviceAddress, WebApplication gateway, Uri gatewayAddress, string adminApiKey, UpstreamRecorder? recorder)
    {
        Upstream = recorder;
        Service = service;
        ServiceAddress = serviceAddress;
        Gateway = gateway;
        GatewayAddress = gatewayAddress;
        AdminApiKey = adminApiKey;
    }

    public WebApplication Service { get; }

    public Uri ServiceAddress { get; }

    public WebApplication Gateway { get; }

    public Uri GatewayAddress { get; }

    public string AdminApiKey { get; }

    /// <summary>What the service received, when <see cref="DemoStackOptions.RecordUpstream"/> is set.</summary>
    public UpstreamRecorder? Upstream { get; }

    /// <summary>The service's SQLite file (unless a PostgreSQL connection string is configured).</summary>
    public string AccountsDatabasePath => Path.Combine(DataDirectory, "accounts.db");

    /// <summary>The data folder (full path).</summary>
    public string DataDirectory { get; private init; } = "";

    public static async Task<DemoStack> StartAsync(DemoStackOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        var adminApiKey = options.AdminApiKey ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var shared = SharedSettings(options, adminApiKey);
        var keyFile = shared["PrivacyGuard:KeyRing:KeyFile"];
        if (keyFile is not null && !shared.GetSection("PrivacyGuard:KeyRing:Keys").GetChildren().Any())
        {
            DevelopmentKeys.EnsureKeyFile(keyFile, log);
        }

        var recorder = options.RecordUpstream ? new UpstreamRecorder() : null;
        var service = await StartHostAsync(shared, new Dictionary<string, string?>(), LoopbackPorts.PreferredOrEphemeral(options.ServicePort), AccountServiceApp.AddAccountServices, app =>
        {
            recorder?.Use(app);
            app.MapAccountService();
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            var gateway = await StartHostAsync(shared, GatewaySettings.For(service.Address), LoopbackPorts.PreferredOrEphemeral(options.GatewayPort), GatewayApplication.AddGatewayServices, app => app.MapGateway(), cancellationToken).ConfigureAwait(false);
            return new DemoStack(service.App, service.Address, gateway.App, gateway.Address, adminApiKey, recorder) { DataDirectory = Path.GetFullPath(options.DataDirectory) };
        }
        catch
        {
            await StopAsync(service.App).ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(Gateway).ConfigureAwait(false);
        await StopAsync(Service).ConfigureAwait(false);
    }

    private static IConfigurationRoot SharedSettings(DemoStackOptions options, string adminApiKey)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        var settings = new Dictionary<string, string?>
        {
            ["PrivacyGuard:KeyRing:KeyFile"] = Path.Combine(data, "dev-keys.json"),
            ["PrivacyGuard:Store:DataDirectory"] = data,
            [AccountServiceApp.DataDirectorySetting] = data,
            // The service trusts forwarding headers from the gateway only (loopback), so it sees the gateway's view of the client.
            ["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["PrivacyGuard:Admin:Enabled"] = "true",
            ["PrivacyGuard:Admin:ApiKeys:demo:Key"] = adminApiKey,
            ["PrivacyGuard:Admin:ApiKeys:demo:Roles:0"] = "privacy-admin",
            ["PrivacyGuard:Admin:ApiKeys:demo:Roles:1"] = "privacy-auditor",
            // SQLite has no change feed: each host's restriction registry reloads from the shared store this often, so a
            // restriction or objection recorded through one host's admin API reaches the other within about a second.
            ["PrivacyGuard:Store:ResyncInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        return DemoConfiguration.Build(settings);
    }

    private static async Task<(WebApplication App, Uri Address)> StartHostAsync(
        IConfiguration shared, IDictionary<string, string?> own, int port, Action<WebApplicationBuilder> addServices, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory, EnvironmentName = Environments.Production });
        builder.Configuration.AddConfiguration(shared);
        builder.Configuration.AddInMemoryCollection(own);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSingleton<IHostLifetime, ExternalLifetime>();
        addServices(builder);
        var app = builder.Build();
        try
        {
            map(app);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }

    private static async Task StopAsync(WebApplication app)
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
