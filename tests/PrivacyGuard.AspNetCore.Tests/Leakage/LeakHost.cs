using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AspNetCore.Admin;
using PrivacyGuard.AspNetCore.Tests.Admin;
using PrivacyGuard.AspNetCore.Tests.Logging;
using PrivacyGuard.EntityFrameworkCore;
using PrivacyGuard.Tests;
using Serilog;
using Serilog.Formatting.Json;

namespace PrivacyGuard.AspNetCore.Tests.Leakage;

/// <summary>
/// Everything a service wires, on real Kestrel and real SQLite files in one temporary folder: Serilog as the only
/// logging provider at Verbose for every category (ASP.NET Core's and EF Core's included) writing to a collecting sink,
/// a text file and a JSON file, with PrivacyGuard's destructuring policy and enricher; <c>UseSerilogRequestLogging</c>;
/// the SQLite privacy store with its real access log; an EF Core application context with <c>[PersonalData]</c>
/// members; <c>UsePrivacyGuard()</c> with the subject from a header and 127.0.0.1 as a trusted proxy; the admin API.
/// </summary>
internal sealed class LeakHost : IAsyncDisposable
{
    public const string AdminKey = AdminApiHost.AdminKey;
    public const string AuditorKey = AdminApiHost.AuditorKey;
    public const int MaxBodyBytes = 16 * 1024;

    private readonly KestrelHost _host;
    private bool _stopped;

    private LeakHost(KestrelHost host, string folder, CollectingSink sink)
    {
        _host = host;
        Folder = folder;
        Sink = sink;
    }

    /// <summary>The temporary folder holding every database and log file.</summary>
    public string Folder { get; }

    public CollectingSink Sink { get; }

    public HttpClient Client => _host.Client;

    public IServiceProvider Services => _host.Services;

    public static async Task<LeakHost> StartAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("privacyguard-leak-").FullName;
        var sink = new CollectingSink();
        var serilog = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.FromLogContext()
            .Destructure.WithPrivacyGuard()
            .Enrich.WithPrivacyGuard()
            .WriteTo.Sink(sink)
            .WriteTo.File(Path.Combine(folder, "logs", "log.txt"), outputTemplate: "{Timestamp:o} [{Level:u3}] {SourceContext} {Message:lj} {Properties:j}{NewLine}{Exception}")
            .WriteTo.File(new JsonFormatter(renderMessage: true), Path.Combine(folder, "logs", "log.json"))
            .CreateLogger();
        var appConnection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "app.db"), Pooling = false }.ToString();
        try
        {
            var host = await KestrelHost.StartAsync(
                builder =>
                {
                    builder.Services.AddSerilog(serilog, dispose: true);
                    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        ["PrivacyGuard:KeyRing:CurrentKeyId"] = "ka",
                        ["PrivacyGuard:KeyRing:Keys:ka"] = TestKeys.SecretA,
                        ["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
                        ["PrivacyGuard:Subject:Source"] = "Header",
                        ["PrivacyGuard:Subject:Name"] = LeakApp.SubjectHeader,
                        ["PrivacyGuard:Json:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    });
                    builder.Services.AddDbContext<MembersDbContext>((sp, o) => o.UseSqlite(appConnection).UsePrivacyGuard(sp));
                    builder.Services.AddPrivacyGuard(builder.Configuration)
                        .AddPrivacyStore(store =>
                        {
                            store.Provider = PrivacyStoreProvider.Sqlite;
                            store.DataDirectory = Path.Combine(folder, "store");
                        })
                        .AddEntityFrameworkCore()
                        .AddSubjectRights<MembersDbContext>()
                        .AddAspNetCore(builder.Configuration)
                        .AddAdminApi(options =>
                        {
                            options.Enabled = true;
                            options.ApiKeys["ops"] = new AdminApiKeyOptions { Key = AdminKey, Roles = { "privacy-admin" } };
                            options.ApiKeys["audit"] = new AdminApiKeyOptions { Key = AuditorKey, Roles = { "privacy-auditor" } };
                        });
                },
                app =>
                {
                    app.UsePrivacyGuard();
                    app.UseSerilogRequestLogging(o =>
                    {
                        o.Logger = serilog;
                        o.EnrichDiagnosticContext = (diagnostics, context) =>
                            diagnostics.Set("ClientIp", context.Connection.RemoteIpAddress?.ToString());
                    });
                    app.MapPrivacyGuardAdmin("/privacy");
                    LeakApp.Map(app);
                },
                cancellationToken);
            var result = new LeakHost(host, folder, sink);
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<MembersDbContext>().Database.EnsureCreatedAsync(cancellationToken);
            return result;
        }
        catch
        {
            await serilog.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Stops the application, which flushes and closes the log files and the databases.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
