using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AspNetCore.Problems;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>The gateway's own refusals: counted in <c>privacyguard.gateway.requests_blocked</c>, then written as a problem.</summary>
internal static class GatewayRefusal
{
    /// <summary>Counts the refusal and writes it with <see cref="PrivacyProblemWriter.WriteAsync"/>.</summary>
    public static Task WriteAsync(HttpContext context, int status, string type, string title, string? detail = null)
    {
        context.RequestServices.GetService<GatewayMetrics>()?.Blocked(context, type);
        return PrivacyProblemWriter.WriteAsync(context, status, type, title, detail);
    }
}
