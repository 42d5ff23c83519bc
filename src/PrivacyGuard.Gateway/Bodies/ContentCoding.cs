using System.IO.Compression;

namespace PrivacyGuard.Gateway.Bodies;

/// <summary>The content codings the gateway can undo and redo around a rewrite: identity, gzip and br.</summary>
internal enum ContentCoding
{
    /// <summary>Not compressed.</summary>
    Identity,

    /// <summary>gzip (RFC 1952).</summary>
    Gzip,

    /// <summary>Brotli (RFC 7932).</summary>
    Brotli,

    /// <summary>Anything else, or more than one coding: never rewritten.</summary>
    Unsupported,
}

/// <summary>Parses <c>Content-Encoding</c> and wraps streams to decode and encode it.</summary>
internal static class ContentCodings
{
    /// <summary>The coding named by the <c>Content-Encoding</c> values <paramref name="encodings"/>.</summary>
    public static ContentCoding Parse(ICollection<string> encodings)
    {
        if (encodings.Count == 0)
        {
            return ContentCoding.Identity;
        }

        if (encodings.Count > 1)
        {
            return ContentCoding.Unsupported;
        }

        var coding = encodings.First().Trim();
        return coding.ToUpperInvariant() switch
        {
            "IDENTITY" => ContentCoding.Identity,
            "GZIP" or "X-GZIP" => ContentCoding.Gzip,
            "BR" => ContentCoding.Brotli,
            _ => ContentCoding.Unsupported,
        };
    }

    /// <summary>A stream reading the decoded content of <paramref name="encoded"/>.</summary>
    public static Stream Decode(Stream encoded, ContentCoding coding) => coding switch
    {
        ContentCoding.Gzip => new GZipStream(encoded, CompressionMode.Decompress, leaveOpen: true),
        ContentCoding.Brotli => new BrotliStream(encoded, CompressionMode.Decompress, leaveOpen: true),
        _ => encoded,
    };

    /// <summary>A stream that encodes what is written to it into <paramref name="destination"/>; dispose it to flush.</summary>
    public static Stream Encode(Stream destination, ContentCoding coding) => coding switch
    {
        ContentCoding.Gzip => new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true),
        ContentCoding.Brotli => new BrotliStream(destination, CompressionLevel.Fastest, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(coding), coding, "Only gzip and br are encoded."),
    };
}
