using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace PrivacyGuard.AspNetCore.BodyRewriting;

/// <summary>Which request body limit applies to a request: the rewriting limit or the server's own, whichever is smaller.</summary>
internal static class BodyLimits
{
    /// <summary>
    /// <paramref name="maxBodyBytes"/>, or the server's <c>MaxRequestBodySize</c> for this request when it is smaller (it
    /// trips first, so it is the limit a 413 should name).
    /// </summary>
    public static long AcceptedBytes(HttpContext context, long maxBodyBytes) =>
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } server && server < maxBodyBytes ? server : maxBodyBytes;
}
