using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore;
using PrivacyGuard.AspNetCore.BodyRewriting;
using PrivacyGuard.AspNetCore.ClientAddress;
using PrivacyGuard.AspNetCore.Edge;
using PrivacyGuard.Restriction;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the PrivacyGuard middleware to the request pipeline.</summary>
public static class PrivacyGuardApplicationBuilderExtensions
{
    /// <summary>
    /// Adds, in order: the client address middleware (forwarding headers from trusted proxies only, then
    /// <c>RemoteIpAddress</c> replaced by its pseudonymized form), then the edge policy (purpose, privacy scope, subject,
    /// restriction and objection checks, access log), then JSON request body rewriting per endpoint rules
    /// (<c>.PseudonymizeJson(...)</c>). Call it after <c>UseRouting()</c> and <c>UseAuthentication()</c>
    /// when you call those yourself (a <c>WebApplication</c> adds them first), and before request logging, rate limiting
    /// and the endpoints, which then see only the pseudonymized address.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// <c>AddPrivacyGuard(...).AddAspNetCore()</c> was not called, or no <see cref="IAccessLog"/> or
    /// <see cref="IRestrictionRegistry"/> is registered (add the privacy store): requests are never served unaudited.
    /// </exception>
    public static IApplicationBuilder UsePrivacyGuard(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        if (!services.IsService(typeof(PrivacyGuardMiddlewareMarker)))
        {
            throw new InvalidOperationException(
                "UsePrivacyGuard() needs services.AddPrivacyGuard(configuration).AddAspNetCore(configuration) in ConfigureServices.");
        }

        if (!services.IsService(typeof(IAccessLog)))
        {
            throw new InvalidOperationException(
                "UsePrivacyGuard() needs an IAccessLog (PrivacyGuard.AccessLog): add the privacy store's access log. Requests are not served without auditing.");
        }

        if (!services.IsService(typeof(IRestrictionRegistry)))
        {
            throw new InvalidOperationException(
                "UsePrivacyGuard() needs an IRestrictionRegistry (PrivacyGuard.Restriction): add the privacy store (AddPrivacyStore).");
        }

        app.UseMiddleware<ClientAddressMiddleware>();
        app.UseMiddleware<EdgePolicyMiddleware>();

        // After the edge policy, so bodies of refused requests are never read.
        app.UseJsonBodyRewriting();
        return app;
    }
}
