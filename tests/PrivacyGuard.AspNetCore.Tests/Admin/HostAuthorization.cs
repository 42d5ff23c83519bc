using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PrivacyGuard.AspNetCore.Tests.Admin;

/// <summary>
/// A host's own authentication and authorization beside the admin API: a scheme that takes the caller's role from the
/// <c>X-Host-Role</c> header (challenge: 401 with <c>WWW-Authenticate: HostScheme</c>; forbid: 403 with
/// <c>X-Host-Forbidden</c>), an endpoint <c>GET /host/reports</c> that needs the <c>member</c> role, and an
/// authorization result handler of the host's that marks the refusals it handles.
/// </summary>
internal static class HostAuthorization
{
    public const string SchemeName = "HostScheme";
    public const string RoleHeader = "X-Host-Role";
    public const string Path = "host/reports";

    public static void AddScheme(WebApplicationBuilder builder) =>
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HostSchemeHandler>(SchemeName, configureOptions: null);

    public static void MapEndpoint(WebApplication app) =>
        app.MapGet("/" + Path, () => "reports").RequireAuthorization(policy => policy.AddAuthenticationSchemes(SchemeName).RequireRole("member"));

    /// <summary>A host's result handler: ASP.NET Core's default handling, plus a header naming the refusal it handled.</summary>
    internal sealed class MarkingResultHandler : IAuthorizationMiddlewareResultHandler
    {
        public const string Header = "X-Host-Refusal";

        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (!authorizeResult.Succeeded)
            {
                context.Response.Headers[Header] = authorizeResult.Challenged ? "challenged" : "forbidden";
            }

            return _default.HandleAsync(next, context, policy, authorizeResult);
        }
    }

    private sealed class HostSchemeHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[RoleHeader] is not [{ Length: > 0 } role])
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "host-user"), new Claim(ClaimTypes.Role, role)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.WWWAuthenticate = SchemeName;
            return Task.CompletedTask;
        }

        protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            Response.Headers["X-Host-Forbidden"] = "1";
            return Task.CompletedTask;
        }
    }
}
