using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Problems;

namespace PrivacyGuard.Gateway.Tests;

public class AdminApiTests
{
    private static readonly string AdminKey = new('k', 48);

    private static JsonObject Settings(Uri upstream) =>
        Scenario.Settings(upstream, new JsonObject { ["Subject"] = new JsonObject { ["Header"] = "X-Subject-Id" } })
            .With("Admin", new JsonObject
            {
                ["Enabled"] = true,
                ["ApiKeys"] = new JsonObject { ["ops"] = new JsonObject { ["Key"] = AdminKey, ["Roles"] = new JsonArray("privacy-admin") } },
            });

    private static async Task<HttpStatusCode> GetForSubjectAsync(GatewayHost gateway, string subject)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/orders");
        request.Headers.Add("X-Subject-Id", subject);
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            Assert.Contains(PrivacyProblemTypes.ProcessingRestricted, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        return response.StatusCode;
    }

    [Fact]
    public async Task Restricting_through_the_gateways_admin_api_blocks_the_next_proxied_request_before_the_upstream()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Settings(upstream.Address));
        Assert.Equal(HttpStatusCode.OK, await GetForSubjectAsync(gateway, "subject-40"));

        using var restrict = new HttpRequestMessage(HttpMethod.Post, "privacy/subjects/restrict")
        {
            Content = JsonContent.Create(new { subjectId = "subject-40", reason = "AccuracyContested" }),
        };
        restrict.Headers.Add("X-PrivacyGuard-Key", AdminKey);
        using var restricted = await gateway.Client.SendAsync(restrict, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, restricted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await GetForSubjectAsync(gateway, "subject-40"));
        Assert.Single(upstream.Received);
        var outcomes = (await gateway.AccessEventsOfAsync("subject-40")).Select(e => e.Outcome).ToList();
        Assert.Equal(AccessOutcome.Succeeded, outcomes[0]);
        Assert.Equal(AccessOutcome.Denied, outcomes[^1]);
    }

    [Fact]
    public async Task Admin_calls_refused_or_not_are_recorded_with_the_pseudonymized_client_address()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Settings(upstream.Address));
        using (var anonymous = await gateway.Client.PostAsJsonAsync("privacy/subjects/restrict", new { subjectId = "subject-42", reason = "LegalClaims" }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var restrict = new HttpRequestMessage(HttpMethod.Post, "privacy/subjects/restrict")
        {
            Content = JsonContent.Create(new { subjectId = "subject-42", reason = "LegalClaims" }),
        };
        restrict.Headers.Add("X-PrivacyGuard-Key", AdminKey);
        using (var restricted = await gateway.Client.SendAsync(restrict, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, restricted.StatusCode);
        }

        var admin = new List<AccessEvent>();
        await foreach (var recorded in gateway.Services.GetRequiredService<IAccessLogReader>().QueryAsync(new AccessLogQuery(), TestContext.Current.CancellationToken))
        {
            if (recorded.Event.Resource == "admin:restrict")
            {
                admin.Add(recorded.Event);
            }
        }

        Assert.Equal([AccessOutcome.Denied, AccessOutcome.Succeeded], admin.Select(e => e.Outcome));
        Assert.All(admin, e => Assert.Equal("127.0.0.0", e.ClientAddress));
    }

    [Fact]
    public async Task The_admin_api_refuses_calls_without_a_key_and_is_absent_unless_enabled()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using (var enabled = await GatewayHost.StartAsync(Settings(upstream.Address)))
        {
            using var response = await enabled.Client.PostAsJsonAsync("privacy/subjects/restrict", new { subjectId = "subject-41", reason = "LegalClaims" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(HttpStatusCode.OK, await GetForSubjectAsync(enabled, "subject-41"));
        }

        await using var disabled = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, new JsonObject()));
        using var absent = await disabled.Client.PostAsJsonAsync("privacy/subjects/restrict", new { subjectId = "subject-41", reason = "LegalClaims" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
    }

    [Fact]
    public async Task A_reload_with_an_invalid_admin_key_keeps_the_last_good_keys()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Settings(upstream.Address));
        var newKey = new string('n', 48);
        var bad = Settings(upstream.Address);
        ((JsonObject)bad["PrivacyGuard"]!["Admin"]!["ApiKeys"]!)["ops"] = new JsonObject { ["Key"] = "short", ["Roles"] = new JsonArray("privacy-admin") };

        await gateway.ReloadAsync(bad);

        Assert.Equal(HttpStatusCode.OK, await VerifyWithAsync(gateway, AdminKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await VerifyWithAsync(gateway, "short"));

        // A later valid reload takes effect.
        var good = Settings(upstream.Address);
        ((JsonObject)good["PrivacyGuard"]!["Admin"]!["ApiKeys"]!)["ops"] = new JsonObject { ["Key"] = newKey, ["Roles"] = new JsonArray("privacy-admin", "privacy-auditor") };
        await gateway.ReloadAsync(good);

        Assert.Equal(HttpStatusCode.OK, await VerifyWithAsync(gateway, newKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await VerifyWithAsync(gateway, AdminKey));
    }

    private static async Task<HttpStatusCode> VerifyWithAsync(GatewayHost gateway, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "privacy/access-log/verify");
        request.Headers.Add("X-PrivacyGuard-Key", key);
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
