using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.ClientAddress;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>
/// Writes the access event of an admin API call: who called which operation for which subject, from which
/// (pseudonymized) client address, and how it ended.
/// </summary>
internal sealed class AdminAccessRecorder(IAccessLog accessLog, ClientAddressPseudonymizer clientAddress)
{
    public ValueTask RecordAsync(HttpContext context, AdminOperation operation, AccessOutcome outcome, string? subjectId, string? reason = null, int count = 1) =>
        accessLog.RecordAsync(
            new AccessEvent
            {
                Action = operation.Action,
                Outcome = outcome,
                Resource = operation.Resource,
                SubjectToken = subjectId is null ? null : accessLog.TokenizeSubject(subjectId),
                Purpose = ProcessingPurpose.LegalObligation,
                Actor = Actor(context.User),
                ClientAddress = clientAddress.ClientAddressOf(context),
                Reason = reason,
                Count = count,
            },
            context.RequestAborted);

    /// <summary>
    /// The actor: an API key's name, or for other schemes a keyed token of the principal's name (which may be an
    /// e-mail address), or <c>anonymous</c>.
    /// </summary>
    public string Actor(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true } identity)
        {
            return "anonymous";
        }

        if (identity.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
        {
            return identity.Name ?? "api-key";
        }

        var name = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value ?? identity.Name;
        return name is null ? "principal" : "principal:" + accessLog.TokenizeSubject(name);
    }
}
