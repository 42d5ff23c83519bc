using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Problems;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>
/// Enforces an admin operation's authorization in the operation's own endpoint filter, so that a refused call is always
/// recorded as a denied access event and answered with problem+json: 401 with <c>WWW-Authenticate</c> when no credential
/// was accepted, 403 when the caller lacks the role. The endpoints also carry their policy and <c>AllowAnonymous</c>: the
/// authorization middleware then authenticates the caller with the policy's schemes but refuses nothing itself, so no
/// <see cref="IAuthorizationMiddlewareResultHandler"/> is involved and the host's own (or ASP.NET Core's default) stays
/// in charge of every other endpoint. The filter evaluates everything the middleware would have: the admin policy and
/// any authorization the host adds to the admin route group, combined. With <paramref name="recordAdmitted"/>, an
/// admitted call is recorded here too, before the endpoint runs (for endpoints that record nothing themselves).
/// </summary>
internal sealed class AdminAuthorizationFilter(AdminOperation operation, bool recordAdmitted = false) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocationContext, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var context = invocationContext.HttpContext;
        var services = context.RequestServices;
        var policy = await CombinedPolicyAsync(context.GetEndpoint(), services.GetRequiredService<IAuthorizationPolicyProvider>()).ConfigureAwait(false)
            ?? throw new InvalidOperationException("An admin API endpoint carries no authorization policy.");
        var evaluator = services.GetRequiredService<IPolicyEvaluator>();
        var authentication = await evaluator.AuthenticateAsync(policy, context).ConfigureAwait(false);
        var result = await evaluator.AuthorizeAsync(policy, authentication, context, context).ConfigureAwait(false);
        if (result.Succeeded)
        {
            if (recordAdmitted && !await TryRecordAsync(context, services.GetRequiredService<AdminAccessRecorder>(), AccessOutcome.Succeeded, reason: null).ConfigureAwait(false))
            {
                return Results.Empty;
            }

            return await next(invocationContext).ConfigureAwait(false);
        }

        await RefuseAsync(context, services.GetRequiredService<AdminAccessRecorder>(), result.Challenged).ConfigureAwait(false);
        return Results.Empty;
    }

    /// <summary>The endpoint's authorization as the authorization middleware combines it.</summary>
    private static async Task<AuthorizationPolicy?> CombinedPolicyAsync(Endpoint? endpoint, IAuthorizationPolicyProvider provider)
    {
        var metadata = endpoint?.Metadata;
        var policy = await AuthorizationPolicy.CombineAsync(
            provider,
            metadata?.GetOrderedMetadata<IAuthorizeData>() ?? [],
            metadata?.GetOrderedMetadata<AuthorizationPolicy>() ?? []).ConfigureAwait(false);
        var requirements = metadata?.GetOrderedMetadata<IAuthorizationRequirementData>().SelectMany(data => data.GetRequirements()).ToList() ?? [];
        if (requirements.Count == 0)
        {
            return policy;
        }

        var required = new AuthorizationPolicyBuilder().AddRequirements([.. requirements]).Build();
        return policy is null ? required : AuthorizationPolicy.Combine(policy, required);
    }

    /// <summary>Records the call; when the access log is unavailable, answers 503 and returns false.</summary>
    private async Task<bool> TryRecordAsync(HttpContext context, AdminAccessRecorder recorder, AccessOutcome outcome, string? reason)
    {
        try
        {
            await recorder.RecordAsync(context, operation, outcome, subjectId: null, reason: reason).ConfigureAwait(false);
            return true;
        }
        catch (AccessLogUnavailableException)
        {
            await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, PrivacyProblemTypes.PrivacyStoreUnavailable, "The access log is unavailable.").ConfigureAwait(false);
            return false;
        }
    }

    private async Task RefuseAsync(HttpContext context, AdminAccessRecorder recorder, bool challenged)
    {
        if (!await TryRecordAsync(context, recorder, AccessOutcome.Denied, challenged ? "unauthenticated" : "forbidden").ConfigureAwait(false))
        {
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
