using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrivacyGuard.AspNetCore.Subjects;
using PrivacyGuard.Gateway.Policies;

namespace PrivacyGuard.Gateway.Edge;

/// <summary>
/// Finds the data subject of a proxied request from its route's policy (<c>Subject</c>: a header, a route value of the
/// route's match pattern, or a claim). Requests on routes without a policy, or whose policy names no source, name no
/// subject. The policy is read from the catalog per request, so a reload that changes the source takes effect at once.
/// </summary>
internal sealed class GatewaySubjectResolver(PolicyCatalog catalog) : ISubjectResolver
{
    public ValueTask<string?> ResolveAsync(HttpContext context)
    {
        if (!RoutePolicy.TryGet(context, catalog, out var policy))
        {
            return ValueTask.FromResult<string?>(null);
        }

        var source = policy.Options.Subject;
        string? subject = null;
        if (!string.IsNullOrWhiteSpace(source.Header))
        {
            subject = FromHeader(context, source.Header);
        }
        else if (!string.IsNullOrWhiteSpace(source.RouteValue))
        {
            subject = Convert.ToString(context.GetRouteValue(source.RouteValue), CultureInfo.InvariantCulture);
        }
        else if (!string.IsNullOrWhiteSpace(source.Claim))
        {
            subject = FromClaim(context, source.Claim);
        }

        return ValueTask.FromResult(string.IsNullOrEmpty(subject) ? null : subject);
    }

    private static string? FromHeader(HttpContext context, string header)
    {
        var values = context.Request.Headers[header];
        if (values.Count > 1 || (values.Count == 1 && values[0]?.Contains(',', StringComparison.Ordinal) == true))
        {
            throw new AmbiguousSubjectException("The subject header appears more than once.");
        }

        return values.Count == 1 ? values[0]?.Trim() : null;
    }

    private static string? FromClaim(HttpContext context, string claimType)
    {
        string? subject = null;
        foreach (var claim in context.User.FindAll(claimType))
        {
            if (subject is not null && !string.Equals(subject, claim.Value, StringComparison.Ordinal))
            {
                throw new AmbiguousSubjectException("The user has more than one subject claim.");
            }

            subject = claim.Value;
        }

        return subject;
    }
}
