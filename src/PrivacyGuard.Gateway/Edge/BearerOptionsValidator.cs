using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace PrivacyGuard.Gateway.Edge;

/// <summary>
/// Checks the gateway's bearer scheme at start-up so a configuration that would accept too much, or nothing, stops the
/// gateway instead: an audience is required (without one, a token the issuer minted for any other service would be
/// accepted), a signing key or an authority is required, and every configured key must belong to a valid issuer (the
/// framework silently ignores one that does not). Messages name the setting, never a key.
/// </summary>
internal sealed class BearerOptionsValidator(IConfiguration configuration) : IValidateOptions<JwtBearerOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtBearerOptions options)
    {
        if (!string.Equals(name, GatewayAuthentication.SchemeName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var section = configuration.GetSection(GatewayAuthentication.SectionName);
        var prefix = GatewayAuthentication.SectionName;
        var errors = new List<string>();
        var parameters = options.TokenValidationParameters;
        if (!parameters.ValidateAudience || (string.IsNullOrWhiteSpace(parameters.ValidAudience) && parameters.ValidAudiences?.Any(a => !string.IsNullOrWhiteSpace(a)) != true))
        {
            errors.Add($"{prefix}:ValidAudiences (or ValidAudience) is required: without it a token issued for any audience would be accepted.");
        }

        var issuers = new HashSet<string>(section.GetSection("ValidIssuers").GetChildren().Select(c => c.Value ?? ""), StringComparer.Ordinal);
        if (section["ValidIssuer"] is { } issuer)
        {
            issuers.Add(issuer);
        }

        var keysReadable = true;
        var keys = section.GetSection("SigningKeys").GetChildren().ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i]["Issuer"] is not { } keyIssuer || !issuers.Contains(keyIssuer))
            {
                errors.Add($"{prefix}:SigningKeys[{i}]:Issuer is not one of ValidIssuer/ValidIssuers, so the key would be ignored.");
            }

            if (!IsBase64(keys[i]["Value"]))
            {
                keysReadable = false;
                errors.Add($"{prefix}:SigningKeys[{i}]:Value is not a base64 key.");
            }
        }

        var hasKeys = keysReadable && (parameters.IssuerSigningKey is not null || parameters.IssuerSigningKeys?.Any() == true);
        if (keysReadable && !hasKeys && options.ConfigurationManager is null && string.IsNullOrWhiteSpace(options.Authority))
        {
            errors.Add($"{prefix} has no signing key: set SigningKeys (Issuer and a base64 Value) or Authority.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsBase64(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        Span<byte> buffer = value.Length <= 1024 ? stackalloc byte[value.Length] : new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written > 0;
    }
}
