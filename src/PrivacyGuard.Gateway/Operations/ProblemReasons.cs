using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Gateway.Bodies;

namespace PrivacyGuard.Gateway.Operations;

/// <summary>
/// The <c>reason</c> tag of <c>privacyguard.gateway.requests_blocked</c>: the last segment of a known problem type
/// (<c>processing-restricted</c>, <c>objection</c>, <c>malformed-body</c>, ...), or <c>other</c>, so the tag has a fixed,
/// small set of values whatever a response holds.
/// </summary>
internal static class ProblemReasons
{
    /// <summary>The value for a type that is not one of PrivacyGuard's.</summary>
    public const string Other = "other";

    private static readonly Dictionary<string, string> Known = new[]
    {
        PrivacyProblemTypes.ProcessingRestricted, PrivacyProblemTypes.Objection, PrivacyProblemTypes.MalformedBody,
        PrivacyProblemTypes.BodyTooDeep, PrivacyProblemTypes.UnsupportedValue, PrivacyProblemTypes.BodyTooLarge,
        PrivacyProblemTypes.UnsupportedMediaType, PrivacyProblemTypes.SubjectRequired, PrivacyProblemTypes.PrivacyStoreUnavailable,
        GatewayProblemTypes.UnrewritableResponse, GatewayProblemTypes.UpgradeRefused, GatewayProblemTypes.Unauthenticated,
        GatewayProblemTypes.SubjectClaimMissing,
    }.ToDictionary(type => type, type => type[(type.LastIndexOf('/') + 1)..], StringComparer.Ordinal);

    /// <summary>The reason for <paramref name="problemType"/>.</summary>
    public static string Of(string? problemType) =>
        problemType is not null && Known.TryGetValue(problemType, out var reason) ? reason : Other;
}
