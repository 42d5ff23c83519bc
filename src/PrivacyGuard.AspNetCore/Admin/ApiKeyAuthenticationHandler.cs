using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>
/// Authenticates the admin API's <c>X-PrivacyGuard-Key</c> header. The presented key's SHA-256 digest is compared with
/// every configured key's digest in constant time, so neither the match nor its position leaks through timing. The
/// keys are the last valid ones (<see cref="LastGoodOptions{TOptions}"/>): a reload with invalid settings does not take them away.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "PrivacyGuardApiKey";

    private readonly LastGoodOptions<PrivacyGuardAdminOptions> _admin;

    public ApiKeyAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        LastGoodOptions<PrivacyGuardAdminOptions> admin)
        : base(options, logger, encoder)
    {
        _admin = admin;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(PrivacyGuardAdminOptions.ApiKeyHeader, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key header must carry one key."));
        }

        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(values[0]!), presented);
        Span<byte> configured = stackalloc byte[SHA256.HashSizeInBytes];
        string? matchedName = null;
        AdminApiKeyOptions? matched = null;
        foreach (var (name, key) in _admin.Current.ApiKeys)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(key.Key ?? string.Empty), configured);
            // Every configured key is compared, whether or not an earlier one matched.
            if (CryptographicOperations.FixedTimeEquals(presented, configured) & matched is null)
            {
                matchedName = name;
                matched = key;
            }
        }

        if (matched is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, "api-key:" + matchedName) };
        claims.AddRange(matched.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
