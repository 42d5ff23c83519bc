using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Gateway.Policies;
using Yarp.ReverseProxy.Configuration;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// The gateway's server and proxy limits. Kestrel gets the defaults below, then whatever <c>Kestrel:Limits</c> sets
/// (the standard section) overrides them; every cluster without <c>HttpRequest:ActivityTimeout</c> in
/// <c>ReverseProxy:Clusters</c> gets <see cref="DefaultActivityTimeout"/>.
/// </summary>
public static class GatewayLimits
{
    /// <summary>The default largest request body: the policies' default <c>MaxBodyBytes</c> (1 MiB), or the largest configured one.</summary>
    public const long DefaultMaxRequestBodySize = 1024 * 1024;

    /// <summary>The default total size of a request's header lines: 32 KiB.</summary>
    public const int DefaultMaxRequestHeadersTotalSize = 32 * 1024;

    /// <summary>The default number of request headers: 64.</summary>
    public const int DefaultMaxRequestHeaderCount = 64;

    /// <summary>The default request line (method, target, version): 8 KiB.</summary>
    public const int DefaultMaxRequestLineSize = 8 * 1024;

    /// <summary>The default time to receive all request headers: 15 seconds.</summary>
    public static readonly TimeSpan DefaultRequestHeadersTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The default idle time of a kept-alive connection: 60 seconds.</summary>
    public static readonly TimeSpan DefaultKeepAliveTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The default time the proxy waits for upstream activity (response headers, body data): 30 seconds.</summary>
    public static readonly TimeSpan DefaultActivityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Applies the defaults, then the <c>Kestrel:Limits</c> section, to Kestrel, and the cluster default to YARP.</summary>
    public static void AddGatewayLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            var limits = kestrel.Limits;
            limits.MaxRequestBodySize = Math.Max(DefaultMaxRequestBodySize, LargestPolicyBody(configuration.GetSection(GatewayOptions.PoliciesSection)));
            limits.MaxRequestHeadersTotalSize = DefaultMaxRequestHeadersTotalSize;
            limits.MaxRequestHeaderCount = DefaultMaxRequestHeaderCount;
            limits.MaxRequestLineSize = DefaultMaxRequestLineSize;
            limits.RequestHeadersTimeout = DefaultRequestHeadersTimeout;
            limits.KeepAliveTimeout = DefaultKeepAliveTimeout;
            configuration.GetSection("Kestrel:Limits").Bind(limits);
        });
    }

    /// <summary>Gives every cluster without its own <c>HttpRequest:ActivityTimeout</c> <see cref="DefaultActivityTimeout"/>.</summary>
    internal sealed class ActivityTimeoutFilter : IProxyConfigFilter
    {
        public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
        {
            if (cluster.HttpRequest?.ActivityTimeout is not null)
            {
                return ValueTask.FromResult(cluster);
            }

            var request = (cluster.HttpRequest ?? new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig()) with { ActivityTimeout = DefaultActivityTimeout };
            return ValueTask.FromResult(cluster with { HttpRequest = request });
        }

        public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) => ValueTask.FromResult(route);
    }

    private static long LargestPolicyBody(IConfigurationSection policies)
    {
        var largest = 0L;
        foreach (var policy in policies.GetChildren())
        {
            if (long.TryParse(policy[nameof(PolicyOptions.MaxBodyBytes)], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes))
            {
                largest = Math.Max(largest, bytes);
            }
        }

        return largest;
    }
}
