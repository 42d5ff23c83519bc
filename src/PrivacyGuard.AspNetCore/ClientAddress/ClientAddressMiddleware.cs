using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PrivacyGuard.AspNetCore.Forwarding;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.AspNetCore.ClientAddress;

/// <summary>
/// First PrivacyGuard middleware: decides the client's address (honouring forwarding headers only from trusted
/// proxies), removes every forwarding header, and replaces <c>HttpContext.Connection.RemoteIpAddress</c> (and the
/// connection's remote end point) with the pseudonymized address, so everything after it sees only that.
/// </summary>
internal sealed class ClientAddressMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ClientAddressPseudonymizer _clientAddress;

    public ClientAddressMiddleware(RequestDelegate next, IOptions<PrivacyGuardMiddlewareOptions> options, IPseudonymizerProvider pseudonymizers)
    {
        ArgumentNullException.ThrowIfNull(next);
        _next = next;
        _clientAddress = new ClientAddressPseudonymizer(options, pseudonymizers);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var pseudonymized = _clientAddress.Pseudonymize(context.Connection.RemoteIpAddress, headers);
        foreach (var name in ClientAddressResolver.HeaderNames)
        {
            headers.Remove(name);
        }

        foreach (var name in ClientAddressResolver.OtherAddressHeaderNames)
        {
            headers.Remove(name);
        }

        context.Connection.RemoteIpAddress = pseudonymized;
        if (context.Features.Get<IConnectionEndPointFeature>() is { } endPoints)
        {
            var remote = pseudonymized is null ? null : new IPEndPoint(pseudonymized, context.Connection.RemotePort);
            context.Features.Set<IConnectionEndPointFeature>(new PseudonymizedEndPointFeature(endPoints.LocalEndPoint, remote));
        }

        context.Features.Set<IPrivacyGuardRequestFeature>(new PrivacyGuardRequestFeature { ClientAddress = pseudonymized?.ToString() });
        return _next(context);
    }

    internal static ClientAddressResolver CreateResolver(TrustedProxyOptions options)
    {
        var proxies = options.KnownProxies.Select(p => TrustedProxies.TryParseProxy(p, out var a) ? a : throw InvalidSetting());
        var networks = options.KnownNetworks.Select(n => TrustedProxies.TryParseNetwork(n, out var net) ? net : throw InvalidSetting());
        return new ClientAddressResolver(new TrustedProxies(proxies, networks), options.Headers);
    }

    private static InvalidOperationException InvalidSetting() =>
        new("PrivacyGuard:ForwardedHeaders holds an invalid entry; options validation should have refused it at start-up.");
}
