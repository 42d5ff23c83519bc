using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrivacyGuard.AspNetCore.Admin;
using PrivacyGuard.EntityFrameworkCore;
using PrivacyGuard.Gateway.Bodies;
using PrivacyGuard.Gateway.Edge;
using PrivacyGuard.Gateway.Operations;
using PrivacyGuard.Gateway.Policies;
using PrivacyGuard.Gateway.Proxy;
using PrivacyGuard.Gateway.Rights;
using PrivacyGuard.Rights;
using Yarp.ReverseProxy.Transforms.Builder;

namespace PrivacyGuard.Gateway;

/// <summary>
/// Builds the gateway: YARP configured from the <c>ReverseProxy</c> section, PrivacyGuard from the <c>PrivacyGuard</c>
/// section (key ring, pseudonymization, privacy store, named policies attached to routes by metadata, and the optional
/// admin API under <c>PrivacyGuard:Admin</c>).
/// </summary>
public static class GatewayApplication
{
    /// <summary>Where the admin API is mapped when <c>PrivacyGuard:Admin:Enabled</c> is true.</summary>
    public const string AdminPrefix = "/privacy";

    /// <summary>Creates the builder with the gateway's services; callers may add configuration or services before building.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        AddGatewayServices(builder);
        return builder;
    }

    /// <summary>Adds the gateway's services to <paramref name="builder"/>.</summary>
    public static void AddGatewayServices(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var privacy = builder.Services.AddPrivacyGuard(configuration)
            .AddPrivacyStore(configuration)
            .AddAspNetCore(configuration)
            .AddSubjectResolver<GatewaySubjectResolver>();
        if (configuration.GetValue<bool>($"{PrivacyGuardAdminOptions.SectionName}:Enabled"))
        {
            privacy.AddAdminApi();
            builder.Services.TryAddSingleton<IDataSubjectRights, GatewaySubjectRights>();
        }

        // A relative SQLite data directory is taken relative to the content root, not the working directory.
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.PostConfigure<PrivacyStoreOptions>(store =>
        {
            if (!string.IsNullOrWhiteSpace(store.DataDirectory) && !Path.IsPathRooted(store.DataDirectory))
            {
                store.DataDirectory = Path.Combine(contentRoot, store.DataDirectory);
            }
        });

        // Bearer tokens for routes whose policy takes the subject from a claim (only when configured).
        builder.AddGatewayAuthentication();

        builder.Services.AddSingleton<PolicyCatalog>();
        builder.Services.AddSingleton<ITransformProvider, PrivacyTransformProvider>();
        builder.Services.AddSingleton<ResponseBodyRewriter>();
        builder.Services.AddReverseProxy().LoadFromConfig(configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<GatewayLimits.ActivityTimeoutFilter>();

        // Operations: health checks, metrics, Serilog request logging, server limits.
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddGatewayHealthChecks();
        builder.AddGatewaySerilog();
        builder.AddGatewayLimits();
    }

    /// <summary>
    /// Builds the gateway's request pipeline on <paramref name="app"/>: the PrivacyGuard middleware (client address,
    /// edge policy, access log) for every request, the admin API when enabled, and the proxy with the route policies.
    /// </summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolve the catalog now so an invalid policy configuration stops the gateway at start-up.
        var catalog = app.Services.GetRequiredService<PolicyCatalog>();
        app.UseRouting();
        if (app.Services.GetService<IAuthenticationSchemeProvider>() is not null)
        {
            app.UseAuthentication();
        }

        if (app.Services.GetService<IAuthorizationPolicyProvider>() is not null)
        {
            app.UseAuthorization();
        }

        // Before the edge: pins each request's policy and authenticates claim-subject routes (401/403 problems).
        app.UseMiddleware<ClaimSubjectAuthentication>();
        app.UseMiddleware<EdgeRefusalObserver>();
        app.UsePrivacyGuard();
        app.Use(EdgeRefusalObserver.PassedAsync);
        app.UseGatewayRequestLogging();
        app.MapGatewayHealthChecks();
        app.MapPrivacyGuardAdmin(AdminPrefix);
        app.MapReverseProxy(proxy => proxy.UseProxyErrorProblems().UseMiddleware<PrivacyPolicyMiddleware>())
            .Add(endpoint => PolicyPurposeMetadata.AddTo(endpoint, catalog));
        return app;
    }
}
