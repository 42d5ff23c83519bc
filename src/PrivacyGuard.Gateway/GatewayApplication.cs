using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Gateway.Policies;
using PrivacyGuard.Gateway.Proxy;
using Yarp.ReverseProxy.Transforms.Builder;

namespace PrivacyGuard.Gateway;

/// <summary>
/// Builds the gateway: YARP configured from the <c>ReverseProxy</c> section, PrivacyGuard from the <c>PrivacyGuard</c>
/// section (key ring, pseudonymization, privacy store, named policies attached to routes by metadata).
/// </summary>
public static class GatewayApplication
{
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
        builder.Services.AddPrivacyGuard(builder.Configuration);
        builder.Services.AddSingleton<PolicyCatalog>();
        builder.Services.AddSingleton<ITransformProvider, PrivacyTransformProvider>();
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
    }

    /// <summary>Builds the gateway's request pipeline on <paramref name="app"/>.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolve the catalog now so an invalid policy configuration stops the gateway at start-up.
        _ = app.Services.GetRequiredService<PolicyCatalog>();
        app.MapReverseProxy(proxy => proxy.UseMiddleware<PrivacyPolicyMiddleware>());
        return app;
    }
}
