using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace PrivacyGuard.AspNetCore.BodyRewriting;

/// <summary>
/// Which content types body rewriting reads (the middleware's request rules and the gateway's request and response
/// rules): <c>application/json</c> or any <c>+json</c> type, UTF-8 only.
/// </summary>
public static class JsonMediaType
{
    /// <summary>Whether <paramref name="contentType"/> (a <c>Content-Type</c> value) is UTF-8 JSON.</summary>
    public static bool IsUtf8Json(string? contentType)
    {
        // The two forms nearly every client and upstream sends, without parsing them on every request.
        if (string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase)
            || string.Equals(contentType, "application/json; charset=utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var isJson = mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset);
        return isJson && (!mediaType.Charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Whether <paramref name="contentEncoding"/> (the request's <c>Content-Encoding</c>) names a coding other than
    /// <c>identity</c>: a compressed body, which request rules do not rewrite.
    /// </summary>
    public static bool HasContentCoding(StringValues contentEncoding) =>
        contentEncoding.Count > 0 && !(contentEncoding.Count == 1 && string.Equals(contentEncoding[0]?.Trim(), "identity", StringComparison.OrdinalIgnoreCase));
}
