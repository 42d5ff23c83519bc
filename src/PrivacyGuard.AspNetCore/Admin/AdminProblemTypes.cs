namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>The documented <c>type</c> URIs of the admin API's problem responses.</summary>
public static class AdminProblemTypes
{
    /// <summary>401: no accepted credential.</summary>
    public const string Unauthenticated = "https://privacyguard.dev/problems/unauthenticated";

    /// <summary>403: the credential lacks the role.</summary>
    public const string Forbidden = "https://privacyguard.dev/problems/forbidden";

    /// <summary>400: the request body is not the JSON the operation takes, or a field is invalid.</summary>
    public const string InvalidRequest = "https://privacyguard.dev/problems/invalid-request";

    /// <summary>409: the subject was erased; there is nothing left to rectify.</summary>
    public const string SubjectErased = "https://privacyguard.dev/problems/subject-erased";
}
