namespace PrivacyGuard.AspNetCore.Problems;

/// <summary>
/// The documented <c>type</c> URIs of PrivacyGuard's <c>application/problem+json</c> responses. Clients may switch on
/// them; they never change meaning. Problem bodies never echo the request's input.
/// </summary>
public static class PrivacyProblemTypes
{
    private const string Base = "https://privacyguard.dev/problems/";

    /// <summary>403: the data subject's processing is restricted (Art. 18).</summary>
    public const string ProcessingRestricted = Base + "processing-restricted";

    /// <summary>403: the data subject objected to the purpose this endpoint serves (Art. 21).</summary>
    public const string Objection = Base + "objection";

    /// <summary>400: the body is not well-formed JSON (or not valid UTF-8).</summary>
    public const string MalformedBody = Base + "malformed-body";

    /// <summary>400: the body nests deeper than the configured maximum.</summary>
    public const string BodyTooDeep = Base + "body-too-deep";

    /// <summary>400: a selected field holds a value the rule refuses (for example a number where an e-mail belongs).</summary>
    public const string UnsupportedValue = Base + "unsupported-value";

    /// <summary>413: the body is larger than the configured maximum.</summary>
    public const string BodyTooLarge = Base + "body-too-large";

    /// <summary>415: the endpoint rewrites JSON and the body is not JSON.</summary>
    public const string UnsupportedMediaType = Base + "unsupported-media-type";

    /// <summary>400: the request names no data subject where the endpoint needs one.</summary>
    public const string SubjectRequired = Base + "subject-required";

    /// <summary>503: the privacy store, key store or access log is unavailable, so personal data is not processed.</summary>
    public const string PrivacyStoreUnavailable = Base + "privacy-store-unavailable";
}
