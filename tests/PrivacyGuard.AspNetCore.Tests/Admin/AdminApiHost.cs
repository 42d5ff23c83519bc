using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AspNetCore.Admin;
using PrivacyGuard.EntityFrameworkCore;
using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests.Admin;

/// <summary>
/// A real Kestrel application with the admin API over the EF Core privacy store and one application context, all on
/// SQLite files in a temporary folder.
/// </summary>
public sealed class AdminApiHost : IAsyncDisposable
{
    public const string AdminKey = "admin-key-0123456789abcdefghijklmnopqrstuvwxyz";
    public const string AuditorKey = "auditor-key-0123456789abcdefghijklmnopqrstuvwxyz";

    private readonly string _folder;

    private AdminApiHost(KestrelHost host, string folder)
    {
        Host = host;
        _folder = folder;
    }

    public KestrelHost Host { get; }

    public HttpClient Client => Host.Client;

    public IServiceProvider Services => Host.Services;

    public string StoreFile => Path.Combine(_folder, "store", PrivacyStoreOptions.DefaultSqliteFileName);

    public string AppFile => Path.Combine(_folder, "app.db");

    /// <summary>
    /// Starts the host: <paramref name="servicesFirst"/> runs before PrivacyGuard's registrations, <paramref name="services"/>
    /// after them, <paramref name="app"/> after the admin API is mapped; <paramref name="adminGroup"/> gets the admin API's
    /// route group.
    /// </summary>
    public static async Task<AdminApiHost> StartAsync(
        Action<PrivacyGuardAdminOptions>? configure = null,
        Action<WebApplicationBuilder>? services = null,
        Action<WebApplication>? app = null,
        Action<WebApplicationBuilder>? servicesFirst = null,
        Action<Microsoft.AspNetCore.Routing.RouteGroupBuilder>? adminGroup = null)
    {
        var folder = Directory.CreateTempSubdirectory("privacyguard-admin-").FullName;
        var appConnection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "app.db"), Pooling = false }.ToString();
        KestrelHost host;
        try
        {
            host = await KestrelHost.StartAsync(
            builder =>
            {
                servicesFirst?.Invoke(builder);
                builder.Services.AddDbContext<MembersDbContext>((sp, o) => o.UseSqlite(appConnection).UsePrivacyGuard(sp));
                builder.Services.AddPrivacyGuard(keys =>
                    {
                        keys.CurrentKeyId = "ka";
                        keys.Keys["ka"] = TestKeys.SecretA;
                    })
                    .AddPrivacyStore(store =>
                    {
                        store.Provider = PrivacyStoreProvider.Sqlite;
                        store.DataDirectory = Path.Combine(folder, "store");
                    })
                    .AddEntityFrameworkCore()
                    .AddSubjectRights<MembersDbContext>()
                    .AddAdminApi(options =>
                    {
                        options.Enabled = true;
                        options.ApiKeys["ops"] = new AdminApiKeyOptions { Key = AdminKey, Roles = { "privacy-admin" } };
                        options.ApiKeys["audit"] = new AdminApiKeyOptions { Key = AuditorKey, Roles = { "privacy-auditor" } };
                        configure?.Invoke(options);
                    });
                services?.Invoke(builder);
            },
            application =>
            {
                var group = application.MapPrivacyGuardAdmin("/privacy");
                adminGroup?.Invoke(group);
                app?.Invoke(application);
            });
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            throw;
        }

        var result = new AdminApiHost(host, folder);
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MembersDbContext>().Database.EnsureCreatedAsync();
        return result;
    }

    public async Task<Member> AddMemberAsync(string email, string name)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MembersDbContext>();
        var member = new Member { Id = Guid.NewGuid(), Email = email, RealName = name };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member;
    }

    public HttpRequestMessage Post(string path, string json, string? key = AdminKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add(PrivacyGuardAdminOptions.ApiKeyHeader, key);
        }

        return request;
    }

    public HttpRequestMessage Get(string path, string? key = AuditorKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add(PrivacyGuardAdminOptions.ApiKeyHeader, key);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
