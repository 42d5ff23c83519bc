namespace PrivacyGuard.AspNetCore;

/// <summary>
/// What PrivacyGuard decided about the request, for logging and the application: only pseudonymized or tokenized
/// values, never the raw client address or subject id. Set by <c>UsePrivacyGuard()</c>.
/// </summary>
public interface IPrivacyGuardRequestFeature
{
    /// <summary>The pseudonymized client address as text (what <c>HttpContext.Connection.RemoteIpAddress</c> now holds), or null without one.</summary>
    string? ClientAddress { get; }

    /// <summary>The purpose the request is processed for, once the endpoint is known.</summary>
    ProcessingPurpose? Purpose { get; }

    /// <summary>The actor recorded in the access log (<c>user:{token}</c> or <c>anonymous</c>).</summary>
    string? Actor { get; }

    /// <summary>The data subject's access-log token, when the request names a subject.</summary>
    string? SubjectToken { get; }
}
