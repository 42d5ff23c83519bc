using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PrivacyGuard.Gateway.Tests.Edge;

/// <summary>
/// JWTs minted in the test with a symmetric key, and the <c>Authentication:Schemes:Bearer</c> section that makes the
/// gateway accept them.
/// </summary>
internal static class BearerTokens
{
    public const string Issuer = "https://issuer.privacyguard.test";
    public const string Audience = "privacyguard-gateway";

    /// <summary>The key the gateway trusts (fresh per test run).</summary>
    public static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    /// <summary>A key the gateway does not trust.</summary>
    public static readonly byte[] OtherKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>The bearer section: one issuer, one audience, <see cref="Key"/>.</summary>
    public static JsonObject Section() => new()
    {
        ["ValidIssuer"] = Issuer,
        ["ValidAudiences"] = new JsonArray(Audience),
        ["SigningKeys"] = new JsonArray(new JsonObject { ["Issuer"] = Issuer, ["Value"] = Convert.ToBase64String(Key) }),
    };

    /// <summary>Adds <c>Authentication:Schemes:Bearer</c> (by default <see cref="Section"/>) to gateway settings.</summary>
    public static JsonObject WithBearer(this JsonObject settings, JsonObject? section = null)
    {
        settings["Authentication"] = new JsonObject { ["Schemes"] = new JsonObject { ["Bearer"] = section ?? Section() } };
        return settings;
    }

    /// <summary>A token for <paramref name="claims"/>, valid for five minutes unless <paramref name="expired"/>.</summary>
    public static string Mint(IEnumerable<Claim> claims, byte[]? key = null, string audience = Audience, string issuer = Issuer, bool expired = false)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expired ? now.AddHours(-2) : now,
            NotBefore = expired ? now.AddHours(-2) : now,
            Expires = expired ? now.AddHours(-1) : now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A valid token whose <c>sub</c> claim is <paramref name="subject"/>.</summary>
    public static string For(string subject) => Mint([new Claim("sub", subject)]);
}
