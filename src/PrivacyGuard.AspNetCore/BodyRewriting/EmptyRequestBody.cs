using Microsoft.AspNetCore.Http;

namespace PrivacyGuard.AspNetCore.BodyRewriting;

/// <summary>
/// A request body of unknown length (chunked) that turns out to hold nothing is a request without a body: it passes
/// body rules whatever its type or coding, like one that declares <c>Content-Length: 0</c>.
/// </summary>
internal static class EmptyRequestBody
{
    /// <summary>Whether the request's body, of unknown length, holds no bytes (reads up to one byte; a body that has one is refused anyway).</summary>
    public static async Task<bool> IsEmptyAsync(HttpRequest request, CancellationToken cancellation)
    {
        var first = new byte[1];
        return await request.Body.ReadAsync(first, cancellation).ConfigureAwait(false) == 0;
    }
}
