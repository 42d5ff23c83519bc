namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>One API key of the admin API.</summary>
public sealed class AdminApiKeyOptions
{
    /// <summary>The key (from a secret store or environment variable; at least 32 characters).</summary>
    public string? Key { get; set; }

    /// <summary>The roles the key holds: <c>privacy-admin</c>, <c>privacy-auditor</c> (by default the configured role names).</summary>
    public IList<string> Roles { get; } = [];
}
