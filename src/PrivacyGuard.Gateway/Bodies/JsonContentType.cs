using Microsoft.Net.Http.Headers;

namespace PrivacyGuard.Gateway.Bodies;

/// <summary>Which content types body rules read: <c>application/json</c> or any <c>+json</c> type, UTF-8 only.</summary>
internal static class JsonContentType
{
    public static bool IsUtf8Json(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var isJson = mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset);
        return isJson && (!mediaType.Charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }
}
