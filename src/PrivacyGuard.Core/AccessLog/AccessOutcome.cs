namespace PrivacyGuard.AccessLog;

/// <summary>How an access to personal data ended.</summary>
public enum AccessOutcome
{
    /// <summary>The access took place.</summary>
    Succeeded = 0,

    /// <summary>The access was refused by policy: a restricted subject, an objection, a missing credential or role.</summary>
    Denied,

    /// <summary>The access was attempted and failed (bad input, a store or key unavailable).</summary>
    Failed,
}
