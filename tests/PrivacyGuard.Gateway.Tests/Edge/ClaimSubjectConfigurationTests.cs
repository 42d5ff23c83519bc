using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Gateway.Policies;

namespace PrivacyGuard.Gateway.Tests.Edge;

/// <summary>Start-up and reload validation of claim subjects and of the bearer section, and the admin API beside them.</summary>
public class ClaimSubjectConfigurationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject ClaimSubject() => new() { ["Subject"] = new JsonObject { ["Claim"] = "sub" } };

    private static JsonObject HeaderSubject() => new() { ["Subject"] = new JsonObject { ["Header"] = "X-Subject-Id" } };

    [Fact]
    public async Task A_claim_subject_without_the_bearer_section_stops_the_gateway_at_start_up_naming_the_policy_and_the_section()
    {
        await using var upstream = await RecordingUpstream.StartAsync();

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(Scenario.Settings(upstream.Address, ClaimSubject())));

        Assert.Contains("PrivacyGuard:Policies:p:Subject:Claim needs bearer authentication", error.Message, StringComparison.Ordinal);
        Assert.Contains("Authentication:Schemes:Bearer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reload_that_adds_a_claim_subject_without_the_bearer_section_is_rejected_and_the_last_good_policy_stays()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, HeaderSubject()));
        var catalog = gateway.Services.GetRequiredService<PolicyCatalog>();

        await gateway.ReloadAsync(Scenario.Settings(upstream.Address, ClaimSubject()));

        // The file watcher may report the same change again; every reload of it is rejected.
        Assert.True(catalog.RejectedReloads >= 1);
        Assert.Equal(1, catalog.Generation);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/orders");
        request.Headers.Add("X-Subject-Id", "claims.reload@example.com");
        using var response = await gateway.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await gateway.AccessEventsOfAsync("claims.reload@example.com"));
    }

    [Fact]
    public async Task A_bearer_section_without_an_audience_stops_the_gateway_at_start_up()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var section = BearerTokens.Section();
        section.Remove("ValidAudiences");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(Scenario.Settings(upstream.Address, ClaimSubject()).WithBearer(section)));

        Assert.Contains("Authentication:Schemes:Bearer:ValidAudiences (or ValidAudience) is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signing_key_of_an_issuer_that_is_not_valid_or_not_base64_stops_the_gateway_at_start_up()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var section = BearerTokens.Section();
        section["SigningKeys"] = new JsonArray(
            new JsonObject { ["Issuer"] = "https://elsewhere.test", ["Value"] = Convert.ToBase64String(BearerTokens.Key) },
            new JsonObject { ["Issuer"] = BearerTokens.Issuer, ["Value"] = "not base64!" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(Scenario.Settings(upstream.Address, ClaimSubject()).WithBearer(section)));

        Assert.Contains("Authentication:Schemes:Bearer:SigningKeys[0]:Issuer is not one of ValidIssuer/ValidIssuers", error.Message, StringComparison.Ordinal);
        Assert.Contains("Authentication:Schemes:Bearer:SigningKeys[1]:Value is not a base64 key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(BearerTokens.Key), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_admin_api_beside_bearer_an_api_key_restriction_blocks_the_claims_subject()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var adminKey = new string('k', 48);
        var settings = Scenario.Settings(upstream.Address, ClaimSubject()).WithBearer().With("Admin", new JsonObject
        {
            ["Enabled"] = true,
            ["ApiKeys"] = new JsonObject { ["ops"] = new JsonObject { ["Key"] = adminKey, ["Roles"] = new JsonArray("privacy-admin") } },
        });
        await using var gateway = await GatewayHost.StartAsync(settings);
        var subject = "claims.admin@example.com";

        using (var before = await SendAsync(gateway, subject))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var restrict = new HttpRequestMessage(HttpMethod.Post, "privacy/subjects/restrict") { Content = JsonContent.Create(new { subjectId = subject, reason = "LegalClaims" }) };
        restrict.Headers.Add("X-PrivacyGuard-Key", adminKey);
        using var restricted = await gateway.Client.SendAsync(restrict, Ct);
        using var after = await SendAsync(gateway, subject);
        using var anonymousAdmin = await gateway.Client.PostAsJsonAsync("privacy/subjects/restrict", new { subjectId = subject, reason = "LegalClaims" }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, restricted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Contains(PrivacyProblemTypes.ProcessingRestricted, await after.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousAdmin.StatusCode);
        Assert.Single(upstream.Received);
    }

    private static async Task<HttpResponseMessage> SendAsync(GatewayHost gateway, string subject)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/orders");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerTokens.For(subject));
        return await gateway.Client.SendAsync(request, Ct);
    }
}
