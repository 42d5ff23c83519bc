using Microsoft.AspNetCore.Builder;

namespace PrivacyGuard.AspNetCore.BodyRewriting;

/// <summary>Adds the JSON body rewriting middleware; it runs after routing, so it sees the endpoint's rules.</summary>
internal static class JsonBodyRewritingApplicationBuilderExtensions
{
    public static IApplicationBuilder UseJsonBodyRewriting(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<JsonBodyRewritingMiddleware>();
    }
}
