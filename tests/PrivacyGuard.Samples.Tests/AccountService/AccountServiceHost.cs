using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PrivacyGuard.Samples.AccountService;
using PrivacyGuard.Tests;

namespace PrivacyGuard.Samples.Tests.AccountService;

/// <summary>
/// The account service on real Kestrel (127.0.0.1, ephemeral port), with its application database and privacy store in
/// a temporary folder (SQLite) unless settings point it elsewhere. Disposing stops it and deletes the folder.
/// </summary>
public sealed class AccountServiceHost : IAsyncDisposable
{
    private AccountServiceHost(WebApplication app, Uri address, string folder)
    {
        App = app;
        Address = address;
        Folder = folder;
        Client = new HttpClient { BaseAddress = address };
    }

    /// <summary>The running service.</summary>
    public WebApplication App { get; }

    /// <summary>The service's base address.</summary>
    public Uri Address { get; }

    /// <summary>The temporary folder of its files.</summary>
    public string Folder { get; }

    /// <summary>A client for the service.</summary>
    public HttpClient Client { get; }

    /// <summary>The SQLite file of the application database (when no PostgreSQL connection string is given).</summary>
    public string AccountsDatabasePath => Path.Combine(Folder, "data", "accounts.db");

    /// <summary>Test keys, the folder's SQLite files, then <paramref name="settings"/>.</summary>
    public static async Task<AccountServiceHost> StartAsync(IDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "privacyguard-sample-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder, EnvironmentName = Environments.Production, Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PrivacyGuard:KeyRing:CurrentKeyId"] = "ka",
            ["PrivacyGuard:KeyRing:Keys:ka"] = TestKeys.SecretA,
            ["PrivacyGuard:Store:DataDirectory"] = Path.Combine(folder, "data"),
            [AccountServiceApp.DataDirectorySetting] = Path.Combine(folder, "data"),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        AccountServiceApp.AddAccountServices(builder);
        var app = builder.Build();
        try
        {
            app.MapAccountService();
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new AccountServiceHost(app, new Uri(address.TrimEnd('/') + "/"), folder);
    }

    /// <summary>Signs a person up and returns the new account id.</summary>
    public async Task<Guid> SignUpAsync(string realName, string userName, string email, bool marketingOptIn = false, CancellationToken cancellationToken = default)
    {
        using var response = await Client.PostAsJsonAsync("accounts", new { realName, userName, email, marketingOptIn, settings = new Dictionary<string, string> { ["theme"] = "dark" } }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<ProfileDto>(cancellationToken);
        return created!.Id;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
