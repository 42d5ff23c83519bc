using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PrivacyGuard.Gateway.Bodies;
using PrivacyGuard.Gateway.Operations;
using PrivacyGuard.Gateway.Policies;

namespace PrivacyGuard.Gateway.Edge;

/// <summary>
/// Runs before the edge policy. Pins the route's current policy to the request (so the edge sees one policy even if a
/// reload lands mid-request) and, on a route whose policy takes the subject from a claim, authenticates the request with
/// the bearer scheme: no valid token → 401 problem with <c>WWW-Authenticate: Bearer</c>; a valid token without the claim
/// → 403 problem. Either way the upstream never sees the request. A valid token becomes the request's user, whose claim
/// the subject resolver reads. The <c>Authorization</c> header is left as sent and forwarded upstream.
/// </summary>
internal sealed partial class ClaimSubjectAuthentication(RequestDelegate next, PolicyCatalog catalog, ILogger<ClaimSubjectAuthentication> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!RoutePolicy.TryGet(context, catalog, out var policy))
        {
            return next(context);
        }

        RoutePolicy.Pin(context, policy);
        var claimType = policy.Options.Subject.Claim;
        return string.IsNullOrWhiteSpace(claimType) ? next(context) : AuthenticateAsync(context, policy, claimType);
    }

    /// <summary>Authenticates the bearer token and continues only with a valid one holding <paramref name="claimType"/>.</summary>
    private async Task AuthenticateAsync(HttpContext context, GatewayPolicy policy, string claimType)
    {
        var result = await context.AuthenticateAsync(GatewayAuthentication.SchemeName).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var tokenPresented = result.Failure is not null;
            LogUnauthenticated(logger, policy.Name, tokenPresented ? "invalid" : "missing");
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, GatewayProblemTypes.Unauthenticated, "Authentication required",
                "The route needs a valid bearer token.", tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer").ConfigureAwait(false);
            return;
        }

        context.User = result.Principal;
        if (!result.Principal.FindAll(claimType).Any(claim => claim.Value.Length > 0))
        {
            LogClaimMissing(logger, policy.Name);
            await RefuseAsync(context, StatusCodes.Status403Forbidden, GatewayProblemTypes.SubjectClaimMissing, "Subject claim missing",
                "The bearer token does not hold the claim this route takes its data subject from.", "Bearer error=\"insufficient_scope\"").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static Task RefuseAsync(HttpContext context, int status, string type, string title, string detail, string challenge)
    {
        // The problem writer clears the response first; the header goes on as the response starts.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.WWWAuthenticate = challenge;
            return Task.CompletedTask;
        });
        return GatewayRefusal.WriteAsync(context, status, type, title, detail);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Refused a request under policy {Policy} with 401: bearer token {TokenState}.")]
    private static partial void LogUnauthenticated(ILogger logger, string policy, string tokenState);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Refused a request under policy {Policy} with 403: the bearer token holds no subject claim.")]
    private static partial void LogClaimMissing(ILogger logger, string policy);
}
