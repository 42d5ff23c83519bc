using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Gateway.Bodies;
using PrivacyGuard.Gateway.Policies;
using PrivacyGuard.Gateway.Tests.Operations;
using PrivacyGuard.Restriction;
using Serilog.Core;
using Serilog.Events;

namespace PrivacyGuard.Gateway.Tests.Edge;

/// <summary>Routes whose policy takes the data subject from a claim of a JWT bearer token configured from appsettings.</summary>
public class ClaimSubjectTests
{
    private const string RequestsBlocked = "privacyguard.gateway.requests_blocked";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject ClaimSubject(string purpose = "ServiceDelivery", string claim = "sub") => new()
    {
        ["Purpose"] = purpose,
        ["Subject"] = new JsonObject { ["Claim"] = claim },
    };

    /// <summary>Settings with the bearer section and the authentication framework's own logs at Debug, so the sink sees them.</summary>
    private static JsonObject Settings(Uri upstream, JsonObject policy)
    {
        var settings = Scenario.Settings(upstream, policy).WithBearer();
        settings["Serilog"] = new JsonObject
        {
            ["MinimumLevel"] = new JsonObject { ["Override"] = new JsonObject { ["Microsoft.AspNetCore.Authentication"] = "Debug" } },
        };
        return settings;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string? token, string path = "api/orders")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request, Ct);
    }

    private static async Task<List<AccessEvent>> AccessEventsOfAsync(IServiceProvider services, string subject)
    {
        var token = services.GetRequiredService<IAccessLog>().TokenizeSubject(subject);
        var events = new List<AccessEvent>();
        await foreach (var recorded in services.GetRequiredService<IAccessLogReader>().QueryAsync(new AccessLogQuery { SubjectToken = token }, Ct))
        {
            events.Add(recorded.Event);
        }

        return events;
    }

    private static void AssertNeverLogged(CapturingSink sink, params string[] secrets)
    {
        Assert.NotEmpty(sink.Events);
        foreach (var logEvent in sink.Events)
        {
            var text = logEvent.RenderMessage() + " " + string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}")) + " " + logEvent.Exception;
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(PrivacyProblemWriter.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"type\":\"{type}\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_tokens_claim_is_the_subject_and_the_request_is_forwarded_with_its_authorization_header()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Settings(upstream.Address, ClaimSubject()));
        var subject = "claims.allowed@example.com";
        var token = BearerTokens.For(subject);

        using var response = await GetAsync(gateway.Client, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"Bearer {token}", Assert.Single(upstream.Received).Headers["Authorization"]);
        var recorded = Assert.Single(await gateway.AccessEventsOfAsync(subject));
        var subjectToken = gateway.Services.GetRequiredService<IAccessLog>().TokenizeSubject(subject);
        Assert.Equal(AccessOutcome.Succeeded, recorded.Outcome);
        Assert.Equal(subjectToken, recorded.SubjectToken);
        Assert.Equal("user:" + subjectToken, recorded.Actor);
        Assert.Equal("/api/{**rest}", recorded.Resource);
    }

    [Fact]
    public async Task A_restricted_subject_from_a_claim_is_refused_before_the_upstream_and_recorded_only_as_a_token()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        using var sink = new CapturingSink();
        await using var gateway = await ServiceHookedGateway.StartAsync(Settings(upstream.Address, ClaimSubject()), services => services.AddSingleton<ILogEventSink>(sink));
        var subject = "claims.restricted@example.com";
        await gateway.Services.GetRequiredService<IRestrictionRegistry>().RestrictAsync(subject, RestrictionReason.AccuracyContested, Ct);

        using var response = await GetAsync(gateway.Client, BearerTokens.For(subject));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, PrivacyProblemTypes.ProcessingRestricted);
        Assert.Empty(upstream.Received);
        var recorded = Assert.Single(await AccessEventsOfAsync(gateway.Services, subject));
        Assert.Equal(AccessOutcome.Denied, recorded.Outcome);
        Assert.Equal("processing-restricted", recorded.Reason);
        Assert.Equal(gateway.Services.GetRequiredService<IAccessLog>().TokenizeSubject(subject), recorded.SubjectToken);
        Assert.DoesNotContain("claims.restricted", recorded.SubjectToken + recorded.Actor, StringComparison.Ordinal);
        await sink.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("Refused {Resource}", StringComparison.Ordinal));
        AssertNeverLogged(sink, "claims.restricted");
    }

    [Fact]
    public async Task An_objection_to_the_routes_purpose_refuses_the_claims_subject()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Settings(upstream.Address, ClaimSubject("Marketing")));
        var subject = "claims.objector@example.com";
        await gateway.Services.GetRequiredService<IRestrictionRegistry>().ObjectAsync(subject, ProcessingPurpose.Create("Marketing"), Ct);

        using var refused = await GetAsync(gateway.Client, BearerTokens.For(subject));
        using var other = await GetAsync(gateway.Client, BearerTokens.For("claims.other@example.com"));

        await AssertProblemAsync(refused, HttpStatusCode.Forbidden, PrivacyProblemTypes.Objection);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Single(upstream.Received);
        Assert.Equal("objection", Assert.Single(await gateway.AccessEventsOfAsync(subject)).Reason);
    }

    [Fact]
    public async Task A_request_without_a_valid_token_gets_a_401_problem_with_a_bearer_challenge_and_never_reaches_the_upstream()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        using var sink = new CapturingSink();
        await using var gateway = await ServiceHookedGateway.StartAsync(Settings(upstream.Address, ClaimSubject()), services => services.AddSingleton<ILogEventSink>(sink));
        using var measurements = new GatewayMeasurements(gateway.Services);
        var subject = "claims.unauthenticated@example.com";
        Claim[] claims = [new("sub", subject)];
        var cases = new (string Name, string? Token, string Challenge)[]
        {
            ("none", null, "Bearer"),
            ("expired", BearerTokens.Mint(claims, expired: true), "Bearer error=\"invalid_token\""),
            ("wrong signature", BearerTokens.Mint(claims, key: BearerTokens.OtherKey), "Bearer error=\"invalid_token\""),
            ("wrong audience", BearerTokens.Mint(claims, audience: "another-service"), "Bearer error=\"invalid_token\""),
            ("wrong issuer", BearerTokens.Mint(claims, issuer: "https://elsewhere.test"), "Bearer error=\"invalid_token\""),
            ("not a token", "not-a-jwt", "Bearer error=\"invalid_token\""),
        };

        foreach (var (name, token, challenge) in cases)
        {
            using var response = await GetAsync(gateway.Client, token);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {response.StatusCode}");
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized, GatewayProblemTypes.Unauthenticated);
            Assert.Equal(challenge, response.Headers.WwwAuthenticate.ToString());
        }

        Assert.Empty(upstream.Received);
        Assert.Empty(await AccessEventsOfAsync(gateway.Services, subject));
        await measurements.WaitForAsync(all => all.Count(m => m.Instrument == RequestsBlocked) == cases.Length);
        Assert.All(measurements.All.Where(m => m.Instrument == RequestsBlocked), m => Assert.Equal(("unauthenticated", "p"), (m.Tags["reason"], m.Tags["policy"])));
        await sink.WaitForAsync(e => e.MessageTemplate.Text.Contains("with 401", StringComparison.Ordinal));
        AssertNeverLogged(sink, [subject, .. cases.Where(c => c.Token is { Length: > 20 }).Select(c => c.Token!)]);
    }

    [Fact]
    public async Task A_valid_token_without_the_subject_claim_is_refused_with_403_and_not_forwarded()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Settings(upstream.Address, ClaimSubject()));
        using var measurements = new GatewayMeasurements(gateway.Services);

        using var response = await GetAsync(gateway.Client, BearerTokens.Mint([new Claim("scope", "orders")]));
        using var empty = await GetAsync(gateway.Client, BearerTokens.Mint([new Claim("sub", "")]));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, GatewayProblemTypes.SubjectClaimMissing);
        await AssertProblemAsync(empty, HttpStatusCode.Forbidden, GatewayProblemTypes.SubjectClaimMissing);
        Assert.Equal("Bearer error=\"insufficient_scope\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Empty(upstream.Received);
        await measurements.WaitForAsync(all => all.Count(m => m.Instrument == RequestsBlocked) == 2);
        Assert.Equal(2, measurements.Sum(RequestsBlocked, m => m.Tags["reason"] == "subject-claim-missing"));
    }

    [Fact]
    public async Task A_token_with_two_different_subject_claims_is_refused_as_ambiguous()
    {
        // A JWT's sub is a single string; a custom claim may be an array, which becomes two claims of its type.
        await using var upstream = await RecordingUpstream.StartAsync();
        using var sink = new CapturingSink();
        await using var gateway = await ServiceHookedGateway.StartAsync(Settings(upstream.Address, ClaimSubject(claim: "customer_id")), services => services.AddSingleton<ILogEventSink>(sink));

        using var response = await GetAsync(gateway.Client, BearerTokens.Mint([new Claim("sub", "user-1"), new Claim("customer_id", "claims.first@example.com"), new Claim("customer_id", "claims.second@example.com")]));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, PrivacyProblemTypes.SubjectRequired);
        Assert.Empty(upstream.Received);
        await sink.WaitForAsync(e => e.MessageTemplate.Text.Contains("more than one data subject", StringComparison.Ordinal));
        AssertNeverLogged(sink, "claims.first", "claims.second");
    }

    [Fact]
    public async Task A_route_whose_subject_comes_from_a_header_needs_no_token_when_bearer_is_configured()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var settings = Settings(upstream.Address, ClaimSubject())
            .WithPolicy("header", new JsonObject { ["Subject"] = new JsonObject { ["Header"] = "X-Subject-Id" } })
            .WithRoute("partners", "/partners/{**rest}", upstream.Address, "header");
        await using var gateway = await GatewayHost.StartAsync(settings);

        using var request = new HttpRequestMessage(HttpMethod.Get, "partners/list");
        request.Headers.Add("X-Subject-Id", "claims.header@example.com");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-jwt");
        using var response = await gateway.Client.SendAsync(request, Ct);
        using var claimRoute = await GetAsync(gateway.Client, token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, claimRoute.StatusCode);
        Assert.Equal("/partners/list", Assert.Single(upstream.Received).Path);
        Assert.Single(await gateway.AccessEventsOfAsync("claims.header@example.com"));
    }

    [Fact]
    public async Task A_route_can_withhold_the_authorization_header_from_the_upstream_and_still_take_the_subject_from_the_token()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var settings = Settings(upstream.Address, ClaimSubject());
        settings["ReverseProxy"]!["Routes"]!["api"]!["Transforms"] = new JsonArray(new JsonObject { ["RequestHeaderRemove"] = "Authorization" });
        await using var gateway = await GatewayHost.StartAsync(settings);
        var subject = "claims.withheld@example.com";

        using var response = await GetAsync(gateway.Client, BearerTokens.For(subject));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(Assert.Single(upstream.Received).Headers.ContainsKey("Authorization"));
        Assert.Equal(AccessOutcome.Succeeded, Assert.Single(await gateway.AccessEventsOfAsync(subject)).Outcome);
    }
}
