using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Admin;

namespace PrivacyGuard.AspNetCore.Tests.Admin;

/// <summary>
/// The admin API in a host with authorization of its own: admin refusals stay recorded 401/403 problems whatever
/// result handler the host registers, and the host's endpoints keep their own (or ASP.NET Core's) challenge and forbid.
/// </summary>
public sealed class AdminApiBesideHostAuthorizationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Restrict(string subject) => JsonSerializer.Serialize(new { subjectId = subject, reason = "AccuracyContested" });

    private static async Task<HttpResponseMessage> HostEndpointAsync(AdminApiHost host, string? role)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, HostAuthorization.Path);
        if (role is not null)
        {
            request.Headers.Add(HostAuthorization.RoleHeader, role);
        }

        return await host.Client.SendAsync(request, Ct);
    }

    private static async Task<List<AccessEvent>> AdminEventsAsync(AdminApiHost host)
    {
        var events = new List<AccessEvent>();
        await foreach (var recorded in host.Services.GetRequiredService<IAccessLogReader>().QueryAsync(new AccessLogQuery(), Ct))
        {
            events.Add(recorded.Event);
        }

        return events;
    }

    private static async Task AssertAdminRefusalsAreRecordedProblemsAsync(AdminApiHost host)
    {
        var subject = Guid.NewGuid().ToString();
        using var anonymous = await host.Client.SendAsync(host.Post("privacy/subjects/restrict", Restrict(subject), key: null), Ct);
        using var auditor = await host.Client.SendAsync(host.Post("privacy/subjects/restrict", Restrict(subject), key: AdminApiHost.AuditorKey), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Contains(AdminProblemTypes.Unauthenticated, await anonymous.Content.ReadAsStringAsync(Ct));
        Assert.Equal("PrivacyGuardApiKey", Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.Forbidden, auditor.StatusCode);
        Assert.Contains(AdminProblemTypes.Forbidden, await auditor.Content.ReadAsStringAsync(Ct));
        Assert.False(anonymous.Headers.Contains(HostAuthorization.MarkingResultHandler.Header));
        Assert.False(auditor.Headers.Contains(HostAuthorization.MarkingResultHandler.Header));
        var denied = (await AdminEventsAsync(host)).Where(e => e.Resource == "admin:restrict").Select(e => (e.Outcome, e.Actor, e.Reason));
        Assert.Equal([(AccessOutcome.Denied, "anonymous", "unauthenticated"), (AccessOutcome.Denied, "api-key:audit", "forbidden")], denied);
    }

    [Fact]
    public async Task A_result_handler_the_host_registers_after_the_admin_api_does_not_take_admin_refusals_out_of_the_access_log()
    {
        await using var host = await AdminApiHost.StartAsync(
            services: builder =>
            {
                HostAuthorization.AddScheme(builder);
                builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, HostAuthorization.MarkingResultHandler>();
            },
            app: HostAuthorization.MapEndpoint);

        await AssertAdminRefusalsAreRecordedProblemsAsync(host);
        using var hostRefusal = await HostEndpointAsync(host, role: null);
        Assert.Equal(HttpStatusCode.Unauthorized, hostRefusal.StatusCode);
        Assert.Equal("challenged", Assert.Single(hostRefusal.Headers.GetValues(HostAuthorization.MarkingResultHandler.Header)));
    }

    [Fact]
    public async Task A_result_handler_the_host_registered_before_the_admin_api_still_handles_the_hosts_own_refusals()
    {
        await using var host = await AdminApiHost.StartAsync(
            servicesFirst: builder => builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, HostAuthorization.MarkingResultHandler>(),
            services: HostAuthorization.AddScheme,
            app: HostAuthorization.MapEndpoint);

        using var anonymous = await HostEndpointAsync(host, role: null);
        using var wrongRole = await HostEndpointAsync(host, role: "guest");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("challenged", Assert.Single(anonymous.Headers.GetValues(HostAuthorization.MarkingResultHandler.Header)));
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal("forbidden", Assert.Single(wrongRole.Headers.GetValues(HostAuthorization.MarkingResultHandler.Header)));
        await AssertAdminRefusalsAreRecordedProblemsAsync(host);
    }

    [Fact]
    public async Task Without_a_handler_of_the_hosts_its_endpoints_get_the_schemes_own_challenge_and_forbid_and_no_access_event()
    {
        await using var host = await AdminApiHost.StartAsync(services: HostAuthorization.AddScheme, app: HostAuthorization.MapEndpoint);

        using var anonymous = await HostEndpointAsync(host, role: null);
        using var wrongRole = await HostEndpointAsync(host, role: "guest");
        using var member = await HostEndpointAsync(host, role: "member");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HostAuthorization.SchemeName, Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);
        Assert.Empty(await anonymous.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.True(wrongRole.Headers.Contains("X-Host-Forbidden"));
        Assert.Empty(await wrongRole.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, member.StatusCode);
        Assert.Empty(await AdminEventsAsync(host));
        await AssertAdminRefusalsAreRecordedProblemsAsync(host);
    }

    [Fact]
    public async Task A_policy_the_host_adds_to_the_admin_group_is_enforced_and_its_refusals_recorded()
    {
        await using var host = await AdminApiHost.StartAsync(adminGroup: group => group.RequireAuthorization(policy =>
            policy.RequireAssertion(context => context.Resource is Microsoft.AspNetCore.Http.HttpContext http && http.Request.Headers.ContainsKey("X-Internal-Network"))));
        var subject = Guid.NewGuid().ToString();

        using var outside = await host.Client.SendAsync(host.Post("privacy/subjects/restrict", Restrict(subject)), Ct);
        var inside = host.Post("privacy/subjects/restrict", Restrict(subject));
        inside.Headers.Add("X-Internal-Network", "1");
        using var admitted = await host.Client.SendAsync(inside, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Contains(AdminProblemTypes.Forbidden, await outside.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NoContent, admitted.StatusCode);
        var restricts = (await AdminEventsAsync(host)).Where(e => e.Resource == "admin:restrict").Select(e => (e.Outcome, e.Actor, e.Reason));
        Assert.Equal([(AccessOutcome.Denied, "api-key:ops", "forbidden"), (AccessOutcome.Succeeded, "api-key:ops", (string?)null)], restricts);
    }
}
