using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PrivacyGuard.AccessLog;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.AspNetCore.Tests.Admin;

/// <summary>The admin API behind a host's JWT bearer scheme: the role claim decides, as with API keys.</summary>
public sealed class AdminApiJwtTests : IAsyncLifetime
{
    private static readonly SymmetricSecurityKey SigningKey = new(Encoding.ASCII.GetBytes("jwt-test-signing-key-0123456789abcdef0123456789"));

    private AdminApiHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _host = await AdminApiHost.StartAsync(
            options => options.AuthenticationSchemes.Add(JwtBearerDefaults.AuthenticationScheme),
            builder => builder.Services.AddAuthentication().AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    IssuerSigningKey = SigningKey,
                    ValidateIssuer = false,
                    ValidateAudience = false,
                    RoleClaimType = "role",
                    NameClaimType = "sub",
                };
            }));

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static string Token(string role, SecurityKey? key = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", "officer@example.com"), new Claim("role", role)]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.HmacSha256),
        });

    private async Task<HttpResponseMessage> RestrictAsync(string subject, string? bearer)
    {
        using var request = _host!.Post("privacy/subjects/restrict", $"{{\"subjectId\":\"{subject}\",\"reason\":\"LegalClaims\"}}", key: null);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await _host.Client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_bearer_token_with_the_admin_role_is_admitted_and_recorded_under_a_token_of_its_subject()
    {
        var subject = Guid.NewGuid().ToString();

        using var response = await RestrictAsync(subject, Token("privacy-admin"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(_host!.Services.GetRequiredService<IRestrictionRegistry>().IsRestricted(subject));
        var accessLog = _host.Services.GetRequiredService<IAccessLog>();
        var events = new List<RecordedAccessEvent>();
        await foreach (var e in _host.Services.GetRequiredService<IAccessLogReader>().QueryAsync(new AccessLogQuery { SubjectToken = accessLog.TokenizeSubject(subject) }, Ct))
        {
            events.Add(e);
        }

        var recorded = Assert.Single(events, e => e.Event.Resource == "admin:restrict");
        Assert.Equal("principal:" + accessLog.TokenizeSubject("officer@example.com"), recorded.Event.Actor);
        Assert.DoesNotContain("officer", recorded.Event.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bearer_token_without_the_role_gets_403_and_a_forged_or_missing_one_401()
    {
        var subject = Guid.NewGuid().ToString();

        using var auditor = await RestrictAsync(subject, Token("privacy-auditor"));
        using var forged = await RestrictAsync(subject, Token("privacy-admin", new SymmetricSecurityKey(Encoding.ASCII.GetBytes("some-other-signing-key-0123456789abcdef012345"))));
        using var missing = await RestrictAsync(subject, null);

        Assert.Equal(HttpStatusCode.Forbidden, auditor.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.False(_host!.Services.GetRequiredService<IRestrictionRegistry>().IsRestricted(subject));
    }
}
