namespace PrivacyGuard.Gateway.Bodies;

/// <summary>
/// The gateway's own <c>application/problem+json</c> types, beside <see cref="PrivacyGuard.AspNetCore.Problems.PrivacyProblemTypes"/>.
/// They never change meaning.
/// </summary>
public static class GatewayProblemTypes
{
    private const string Base = "https://privacyguard.dev/problems/";

    /// <summary>
    /// 502: the upstream's response could not be rewritten per the route's <c>ResponseBody</c> rules (not JSON, malformed,
    /// too large, too deep, a value the rule cannot treat, or a compression the route refuses), so none of it is sent.
    /// </summary>
    public const string UnrewritableResponse = Base + "unrewritable-response";

    /// <summary>
    /// 400: a connection upgrade (for example WebSocket) on a route with body rules: the upgraded stream could not be
    /// rewritten, so it is not opened.
    /// </summary>
    public const string UpgradeRefused = Base + "upgrade-refused";

    /// <summary>
    /// 401: the route takes its data subject from a claim and the request carries no valid bearer token (none, expired,
    /// not yet valid, wrong signature, issuer or audience). The same type the admin API uses for the same meaning.
    /// </summary>
    public const string Unauthenticated = Base + "unauthenticated";

    /// <summary>
    /// 403: the route takes its data subject from a claim and the request's valid bearer token does not hold that claim,
    /// so the request names no subject and is not forwarded.
    /// </summary>
    public const string SubjectClaimMissing = Base + "subject-claim-missing";
}
