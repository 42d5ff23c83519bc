using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Problems;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>
/// On admin API endpoints, a refused call is recorded as a denied access event and answered with problem+json: 401
/// with <c>WWW-Authenticate</c> when no credential was accepted, 403 when the caller lacks the role. Other endpoints
/// get ASP.NET Core's default handling.
/// </summary>
internal sealed class AdminAuthorizationResultHandler(AdminAccessRecorder recorder) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var operation = context.GetEndpoint()?.Metadata.GetMetadata<AdminOperation>();
        if (operation is null || authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }

        var challenged = authorizeResult.Challenged;
        try
        {
            await recorder.RecordAsync(context, operation, AccessOutcome.Denied, subjectId: null, reason: challenged ? "unauthenticated" : "forbidden").ConfigureAwait(false);
        }
        catch (AccessLogUnavailableException)
        {
            await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, PrivacyProblemTypes.PrivacyStoreUnavailable, "The access log is unavailable.").ConfigureAwait(false);
            return;
        }

        if (challenged)
        {
            // The problem writer clears the response first; the header goes on as the response starts.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.WWWAuthenticate = ApiKeyAuthenticationHandler.SchemeName;
                return Task.CompletedTask;
            });
            await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, AdminProblemTypes.Unauthenticated, "A valid credential is required.").ConfigureAwait(false);
        }
        else
        {
            await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, AdminProblemTypes.Forbidden, "The credential does not hold the role this operation needs.").ConfigureAwait(false);
        }
    }
}
