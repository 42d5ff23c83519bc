using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>Adds the admin API's two authorization policies, built from the configured roles and schemes.</summary>
internal sealed class AdminAuthorizationSetup(IOptions<PrivacyGuardAdminOptions> admin) : IConfigureOptions<AuthorizationOptions>
{
    public const string AdminPolicy = "PrivacyGuardAdmin";
    public const string AuditorPolicy = "PrivacyGuardAuditor";

    public void Configure(AuthorizationOptions options)
    {
        var settings = admin.Value;
        string[] schemes = [ApiKeyAuthenticationHandler.SchemeName, .. settings.AuthenticationSchemes];
        options.AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(schemes).RequireAuthenticatedUser().RequireRole(settings.AdminRole));
        options.AddPolicy(AuditorPolicy, policy => policy.AddAuthenticationSchemes(schemes).RequireAuthenticatedUser().RequireRole(settings.AdminRole, settings.AuditorRole));
    }
}
