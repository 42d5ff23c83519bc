using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace PrivacyGuard.Gateway.Edge;

/// <summary>
/// The gateway's own authentication: JWT bearer tokens, configured entirely from the standard
/// <c>Authentication:Schemes:Bearer</c> section that <c>AddJwtBearer()</c> binds (<c>ValidIssuer</c>/<c>ValidIssuers</c>,
/// <c>ValidAudience</c>/<c>ValidAudiences</c>, <c>SigningKeys</c> or <c>Authority</c>, ...). Registered only when that
/// section is present; routes whose policy takes the subject from a claim need it.
/// </summary>
public static class GatewayAuthentication
{
    /// <summary>The scheme the gateway registers and authenticates claim-subject routes with.</summary>
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The configuration section of the scheme (read at start-up; changes need a restart).</summary>
    public const string SectionName = "Authentication:Schemes:" + SchemeName;

    /// <summary>
    /// Adds JWT bearer authentication when <see cref="SectionName"/> is present, with its options validated at
    /// start-up. Inbound claim types are kept as the token names them (<c>sub</c>, not a mapped URI) unless the section
    /// sets <c>MapInboundClaims</c> to true; the user's name is then its <c>sub</c> claim (the access log's actor, as a
    /// token) and its roles its <c>role</c> claims, unless the section's <c>NameClaimType</c>/<c>RoleClaimType</c> say
    /// otherwise.
    /// </summary>
    public static void AddGatewayAuthentication(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(SectionName);
        if (!section.GetChildren().Any())
        {
            return;
        }

        // Runs after the framework has bound the section (it replaces TokenValidationParameters), so these settings stay.
        builder.Services.AddAuthentication().AddJwtBearer(SchemeName, options =>
        {
            options.MapInboundClaims = section.GetValue(nameof(JwtBearerOptions.MapInboundClaims), defaultValue: false);
            if (!options.MapInboundClaims)
            {
                options.TokenValidationParameters.NameClaimType = section["NameClaimType"] ?? JwtRegisteredClaimNames.Sub;
                options.TokenValidationParameters.RoleClaimType = section["RoleClaimType"] ?? "role";
            }
        });
        builder.Services.AddOptions<JwtBearerOptions>(SchemeName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtBearerOptions>, BearerOptionsValidator>());
    }
}
