namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>
/// The subject-rights admin API (<c>PrivacyGuard:Admin</c>). Off unless <see cref="Enabled"/>; when on, it needs at least
/// one credential source: API keys, or an authentication scheme the host configures (for example JWT bearer).
/// </summary>
public sealed class PrivacyGuardAdminOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "PrivacyGuard:Admin";

    /// <summary>The header that carries an API key.</summary>
    public const string ApiKeyHeader = "X-PrivacyGuard-Key";

    /// <summary>Whether <c>MapPrivacyGuardAdmin</c> maps the API. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// API keys by name (the name is the actor recorded in the access log). Each key is at least 32 characters; compare
    /// is in constant time over SHA-256 digests.
    /// </summary>
    public IDictionary<string, AdminApiKeyOptions> ApiKeys { get; } = new Dictionary<string, AdminApiKeyOptions>(StringComparer.Ordinal);

    /// <summary>
    /// Further authentication schemes accepted (the host registers them, for example <c>Bearer</c> from
    /// <c>AddJwtBearer()</c>); their principals need a role claim of <see cref="AdminRole"/> or <see cref="AuditorRole"/>.
    /// </summary>
    public IList<string> AuthenticationSchemes { get; } = [];

    /// <summary>The role that may use every operation. Default <c>privacy-admin</c>.</summary>
    public string AdminRole { get; set; } = "privacy-admin";

    /// <summary>The role that may read and verify the access log and compute subject tokens. Default <c>privacy-auditor</c>.</summary>
    public string AuditorRole { get; set; } = "privacy-auditor";
}
