namespace PrivacyGuard.Gateway.Policies;

/// <summary>What a route with response body rules does with a compressed (gzip, br) response.</summary>
public enum CompressedResponses
{
    /// <summary>Decompress, rewrite and recompress it.</summary>
    Rewrite = 0,

    /// <summary>Refuse it with 502; ask upstream for identity encoding instead.</summary>
    Refuse,
}
