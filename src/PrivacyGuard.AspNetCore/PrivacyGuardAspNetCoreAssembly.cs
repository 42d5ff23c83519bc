namespace PrivacyGuard.AspNetCore;

/// <summary>A marker for this assembly (for tests and assembly scanning).</summary>
public static class PrivacyGuardAspNetCoreAssembly
{
    /// <summary>The assembly's name.</summary>
    public const string Name = "PrivacyGuard.AspNetCore";
}
