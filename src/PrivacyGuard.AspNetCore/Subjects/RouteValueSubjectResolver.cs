using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PrivacyGuard.AspNetCore.Subjects;

/// <summary>The subject is a route value (for example <c>{accountId}</c> in <c>/accounts/{accountId}</c>).</summary>
internal sealed class RouteValueSubjectResolver(string routeValueName) : ISubjectResolver
{
    public ValueTask<string?> ResolveAsync(HttpContext context)
    {
        var value = context.GetRouteValue(routeValueName);
        var subject = value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        return ValueTask.FromResult(string.IsNullOrEmpty(subject) ? null : subject);
    }
}
