using System.Diagnostics;
using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PrivacyGuard.AccessLog;
using PrivacyGuard.EntityFrameworkCore;

namespace PrivacyGuard.Benchmarks.AspNetCore;

/// <summary>
/// Per-request cost of <c>UsePrivacyGuard()</c>: a built <see cref="RequestDelegate"/> invoked directly with a fresh
/// <see cref="DefaultHttpContext"/> per call (no sockets, no hosting layer, no log providers). The anchor is the bare
/// pipeline: routing, then a minimal API endpoint <c>GET /accounts/{id}</c> that writes "ok". The guarded pipelines add
/// <c>UsePrivacyGuard()</c> between routing and the endpoint, and each request does the full edge work: client address
/// from a trusted proxy's <c>X-Forwarded-For</c>, truncated and set as <c>RemoteIpAddress</c>; purpose and privacy scope;
/// the subject from a header; the restriction registry's snapshot check (real EF Core store, subject not restricted);
/// one access event with the keyed subject token.
/// <list type="bullet">
/// <item>"in-process access log": the event is validated and counted in memory (<see cref="InProcessAccessLog"/>), the
/// token is the real one: the middleware's own CPU cost.</item>
/// <item>"real SQLite access log": the privacy store's access log on a SQLite file in a temporary folder; each request
/// waits for its event's hash-chained batch to commit (one writer, one caller, so a batch of one): this is I/O bound and
/// shows what a service pays with a local SQLite store on this disk.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class MiddlewareBenchmarks
{
    private const string SubjectHeader = "X-Subject-Id";
    private static readonly IPAddress Proxy = IPAddress.Loopback;
    private readonly string _subject = Guid.NewGuid().ToString();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "privacyguard-bench-" + Guid.NewGuid().ToString("N")[..12]);
    private ServiceProvider _inProcess = null!;
    private ServiceProvider _sqlite = null!;
    private RequestDelegate _bare = null!;
    private RequestDelegate _guardedInProcess = null!;
    private RequestDelegate _guardedSqlite = null!;

    [GlobalSetup]
    public void Setup()
    {
        _inProcess = Services(Path.Combine(_folder, "in-process"), inProcessLog: true);
        _sqlite = Services(Path.Combine(_folder, "sqlite"), inProcessLog: false);
        _bare = Pipeline(_inProcess, guarded: false);
        _guardedInProcess = Pipeline(_inProcess, guarded: true);
        _guardedSqlite = Pipeline(_sqlite, guarded: true);

        // Measure only what works: each pipeline serves the request, and the guarded ones record it.
        foreach (var (pipeline, services) in new[] { (_bare, _inProcess), (_guardedInProcess, _inProcess), (_guardedSqlite, _sqlite) })
        {
            var status = InvokeAsync(pipeline, services).GetAwaiter().GetResult();
            if (status != StatusCodes.Status200OK)
            {
                throw new InvalidOperationException($"The benchmark pipeline answered {status}.");
            }
        }

        if (((InProcessAccessLog)_inProcess.GetRequiredService<IAccessLog>()).Recorded != 1)
        {
            throw new InvalidOperationException("The guarded pipeline did not record its access event.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var services in new[] { _inProcess, _sqlite })
        {
            foreach (var hosted in services.GetServices<IHostedService>().Reverse())
            {
                hosted.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            services.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "anchor: routing + endpoint, no PrivacyGuard")]
    public Task<int> Bare() => InvokeAsync(_bare, _inProcess);

    [Benchmark(Description = "UsePrivacyGuard(), in-process access log")]
    public Task<int> GuardedInProcessLog() => InvokeAsync(_guardedInProcess, _inProcess);

    [Benchmark(Description = "UsePrivacyGuard(), real SQLite access log (one commit per request)")]
    public Task<int> GuardedSqliteLog() => InvokeAsync(_guardedSqlite, _sqlite);

    private async Task<int> InvokeAsync(RequestDelegate pipeline, IServiceProvider services)
    {
        var context = new DefaultHttpContext();
        var requestServices = new RequestServicesFeature(context, services.GetRequiredService<IServiceScopeFactory>());
        context.Features.Set<IServiceProvidersFeature>(requestServices);
        context.Request.Method = HttpMethods.Get;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("service.internal");
        context.Request.Path = "/accounts/42";
        context.Request.Headers[SubjectHeader] = _subject;
        context.Request.Headers["X-Forwarded-For"] = "203.0.113.77";
        context.Connection.RemoteIpAddress = Proxy;
        context.Response.Body = Stream.Null;
        await pipeline(context).ConfigureAwait(false);
        await requestServices.DisposeAsync().ConfigureAwait(false);
        return context.Response.StatusCode;
    }

    private static ServiceProvider Services(string folder, bool inProcessLog)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRouting();
        services.AddSingleton(new DiagnosticListener("PrivacyGuard.Benchmarks"));
        services.AddSingleton<DiagnosticSource>(s => s.GetRequiredService<DiagnosticListener>());
        var key = new byte[32];
        Random.Shared.NextBytes(key);
        services.AddPrivacyGuard(keys =>
            {
                keys.CurrentKeyId = "k1";
                keys.Keys["k1"] = Convert.ToBase64String(key);
            })
            .AddPrivacyStore(store =>
            {
                store.Provider = PrivacyStoreProvider.Sqlite;
                store.DataDirectory = folder;
            })
            .AddAspNetCore(o =>
            {
                o.ForwardedHeaders.KnownProxies.Add("127.0.0.1");
                o.Subject.Source = PrivacyGuard.AspNetCore.Subjects.SubjectSource.Header;
                o.Subject.Name = SubjectHeader;
            });
        if (inProcessLog)
        {
            // Keep the store's log for its subject tokens; events stay in memory.
            var real = services.Single(d => d.ServiceType == typeof(IAccessLog));
            services.Replace(ServiceDescriptor.Singleton<IAccessLog>(s => new InProcessAccessLog(RealLog(s, real))));
        }

        var provider = services.BuildServiceProvider();

        // No host here: start the store's hosted services (migrations, restriction snapshot) the way a host would.
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            hosted.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        return provider;
    }

    private static IAccessLog RealLog(IServiceProvider services, ServiceDescriptor real) => real switch
    {
        { ImplementationInstance: IAccessLog instance } => instance,
        { ImplementationFactory: { } factory } => (IAccessLog)factory(services),
        _ => (IAccessLog)ActivatorUtilities.CreateInstance(services, real.ImplementationType!),
    };

    private static RequestDelegate Pipeline(IServiceProvider services, bool guarded)
    {
        var app = new ApplicationBuilder(services);
        app.UseRouting();
        if (guarded)
        {
            app.UsePrivacyGuard();
        }

        app.UseEndpoints(endpoints => endpoints.MapGet("/accounts/{id}", () => "ok"));
        return app.Build();
    }
}
