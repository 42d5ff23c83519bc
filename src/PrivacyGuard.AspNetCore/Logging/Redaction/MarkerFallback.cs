namespace PrivacyGuard.AspNetCore.Logging.Redaction;

/// <summary>Writes a category's <see cref="RedactionMarker"/> when a token cannot be made; throws when the buffer is too small.</summary>
internal static class MarkerFallback
{
    public static int Write(PersonalDataCategory category, Span<char> destination)
    {
        var marker = RedactionMarker.For(category);
        if (!marker.TryCopyTo(destination))
        {
            throw new ArgumentException("The destination is smaller than GetRedactedLength returned.", nameof(destination));
        }

        return marker.Length;
    }

    public static int CopyOrThrow(ReadOnlySpan<char> token, Span<char> destination)
    {
        if (!token.TryCopyTo(destination))
        {
            throw new ArgumentException("The destination is smaller than GetRedactedLength returned.", nameof(destination));
        }

        return token.Length;
    }
}
