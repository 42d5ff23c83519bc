using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.Gateway.Tests;

public class EdgePolicyTests
{
    private static JsonObject HeaderSubject(string purpose = "ServiceDelivery") => new()
    {
        ["Purpose"] = purpose,
        ["Subject"] = new JsonObject { ["Header"] = "X-Subject-Id" },
    };

    private static HttpRequestMessage ForSubject(string subject, string path = "api/orders")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Subject-Id", subject);
        return request;
    }

    [Fact]
    public async Task Restricted_subject_is_blocked_before_upstream_is_called_and_the_denial_is_logged()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, HeaderSubject()));
        await gateway.Services.GetRequiredService<IRestrictionRegistry>().RestrictAsync("subject-17", RestrictionReason.AccuracyContested, TestContext.Current.CancellationToken);

        using var request = ForSubject("subject-17");
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(PrivacyProblemWriter.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(PrivacyProblemTypes.ProcessingRestricted, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(upstream.Received);
        var recorded = Assert.Single(await gateway.AccessEventsOfAsync("subject-17"));
        Assert.Equal(AccessOutcome.Denied, recorded.Outcome);
        Assert.Equal("processing-restricted", recorded.Reason);
        Assert.Equal("/api/{**rest}", recorded.Resource);
        Assert.Equal("127.0.0.0", recorded.ClientAddress);
    }

    [Fact]
    public async Task An_allowed_subject_is_forwarded_and_the_access_is_logged()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, HeaderSubject()));

        using var request = ForSubject("subject-18");
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(upstream.Received);
        var recorded = Assert.Single(await gateway.AccessEventsOfAsync("subject-18"));
        Assert.Equal(AccessOutcome.Succeeded, recorded.Outcome);
        Assert.Equal(ProcessingPurpose.ServiceDelivery, recorded.Purpose);
        Assert.Equal(AccessAction.Read, recorded.Action);
    }

    [Fact]
    public async Task An_objection_to_the_routes_purpose_is_refused_but_other_purposes_pass()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, HeaderSubject("Marketing")));
        await gateway.Services.GetRequiredService<IRestrictionRegistry>().ObjectAsync("subject-19", ProcessingPurpose.Create("Marketing"), TestContext.Current.CancellationToken);

        using (var request = ForSubject("subject-19"))
        using (var refused = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains(PrivacyProblemTypes.Objection, await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        Assert.Empty(upstream.Received);

        // A policy-only reload changes the route's purpose; the objection no longer applies.
        await gateway.ReloadAsync(Scenario.Settings(upstream.Address, HeaderSubject("ServiceDelivery")));
        using (var request = ForSubject("subject-19"))
        using (var allowed = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        Assert.Single(upstream.Received);
        var events = await gateway.AccessEventsOfAsync("subject-19");
        Assert.Equal([AccessOutcome.Denied, AccessOutcome.Succeeded], events.Select(e => e.Outcome));
        Assert.Equal(["Marketing", "ServiceDelivery"], events.Select(e => e.Purpose.Name));
    }

    [Fact]
    public async Task The_subject_can_come_from_a_route_value_of_the_match_pattern()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var policy = new JsonObject { ["Subject"] = new JsonObject { ["RouteValue"] = "accountId" } };
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, policy, "/accounts/{accountId}/{**rest}"));
        await gateway.Services.GetRequiredService<IRestrictionRegistry>().RestrictAsync("acct-5", RestrictionReason.LegalClaims, TestContext.Current.CancellationToken);

        using var refused = await gateway.Client.GetAsync("accounts/acct-5/profile", TestContext.Current.CancellationToken);
        using var allowed = await gateway.Client.GetAsync("accounts/acct-6/profile", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("/accounts/acct-6/profile", Assert.Single(upstream.Received).Path);
    }

    [Fact]
    public async Task A_restricted_GUID_subject_written_in_another_case_or_with_braces_is_refused_too()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var policy = new JsonObject { ["Subject"] = new JsonObject { ["RouteValue"] = "accountId" } };
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, policy, "/accounts/{accountId}/{**rest}"));
        var subject = Guid.NewGuid();
        await gateway.Services.GetRequiredService<IRestrictionRegistry>().RestrictAsync(subject.ToString("D"), RestrictionReason.LegalClaims, TestContext.Current.CancellationToken);

        foreach (var spelling in new[] { subject.ToString("D"), subject.ToString("D").ToUpperInvariant(), subject.ToString("N"), subject.ToString("B") })
        {
            using var refused = await gateway.Client.GetAsync($"accounts/{Uri.EscapeDataString(spelling)}/profile", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Empty(upstream.Received);
    }

    [Fact]
    public async Task A_subject_header_sent_twice_is_refused_as_ambiguous()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, HeaderSubject()));

        using var request = ForSubject("subject-20");
        request.Headers.Add("X-Subject-Id", "subject-21");
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(upstream.Received);
    }
}
