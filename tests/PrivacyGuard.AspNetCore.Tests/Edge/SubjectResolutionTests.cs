using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.AspNetCore.Purposes;
using PrivacyGuard.AspNetCore.Subjects;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.AspNetCore.Tests.Edge;

/// <summary>The built-in subject resolvers (claim, header), a custom one from DI, and the attribute on a controller.</summary>
public sealed class SubjectResolutionTests : IAsyncLifetime
{
    private const string Alice = "alice@example.com";
    private readonly SqliteTestStore _store = new();
    private readonly RecordingAccessLog _accessLog = new();
    private KestrelHost? _host;
    private int _calls;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    [Fact]
    public async Task The_header_resolver_reads_the_subject_and_refuses_the_header_twice_with_400()
    {
        await StartAsync(new() { ["PrivacyGuard:Subject:Source"] = "Header", ["PrivacyGuard:Subject:Name"] = "X-Subject-Id" });
        await Restrict(Alice);

        using var restricted = await SendAsync("X-Subject-Id", Alice);
        using var other = await SendAsync("X-Subject-Id", "bob@example.com");
        using var twice = await SendAsync("X-Subject-Id", "bob@example.com", Alice);

        Assert.Equal(HttpStatusCode.Forbidden, restricted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal(PrivacyProblemTypes.SubjectRequired, await ProblemTypeAsync(twice));
        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task The_claim_resolver_reads_the_subject_and_the_actor_is_the_tokenized_user_name()
    {
        await StartAsync(
            new() { ["PrivacyGuard:Subject:Source"] = "Claim", ["PrivacyGuard:Subject:Name"] = "sub" },
            beforeGuard: app => app.Use((context, next) =>
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim("sub", context.Request.Headers["X-Test-User"].ToString()), new Claim(ClaimTypes.Name, "Alice Example")],
                    authenticationType: "test"));
                return next(context);
            }));
        await Restrict(Alice);

        using var restricted = await SendAsync("X-Test-User", Alice);
        using var other = await SendAsync("X-Test-User", "bob@example.com");

        Assert.Equal(HttpStatusCode.Forbidden, restricted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var actor = "user:" + _accessLog.TokenizeSubject("Alice Example");
        Assert.All(_accessLog.Events, e => Assert.Equal(actor, e.Actor));
        Assert.Equal(actor, await other.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_custom_resolver_from_DI_replaces_the_configured_one()
    {
        await StartAsync(
            new() { ["PrivacyGuard:Subject:Source"] = "Header", ["PrivacyGuard:Subject:Name"] = "X-Subject-Id" },
            configureGuard: guard => guard.AddSubjectResolver<QueryStringSubjectResolver>());
        await Restrict(Alice);

        using var byQuery = await Client.GetAsync($"/?account={Uri.EscapeDataString(Alice)}", Ct);
        using var byHeader = await SendAsync("X-Subject-Id", Alice);

        Assert.Equal(HttpStatusCode.Forbidden, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
    }

    [Fact]
    public async Task RequiresPurpose_on_a_controller_action_is_the_purpose_checked()
    {
        await StartAsync(
            new() { ["PrivacyGuard:Subject:Source"] = "RouteValue", ["PrivacyGuard:Subject:Name"] = "subject" },
            configureServices: builder => builder.Services.AddControllers().AddApplicationPart(typeof(OffersController).Assembly),
            mapControllers: true);
        await _host!.Services.GetRequiredService<IRestrictionRegistry>().ObjectAsync(Alice, ProcessingPurpose.Marketing, Ct);

        using var offers = await Client.GetAsync($"/controller/offers/{Alice}", Ct);
        using var profile = await Client.GetAsync($"/controller/profile/{Alice}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, offers.StatusCode);
        Assert.Equal(PrivacyProblemTypes.Objection, await ProblemTypeAsync(offers));
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal("ServiceDelivery", await profile.Content.ReadAsStringAsync(Ct));
    }

    private HttpClient Client => _host!.Client;

    private Task Restrict(string subject) =>
        _host!.Services.GetRequiredService<IRestrictionRegistry>().RestrictAsync(subject, RestrictionReason.AccuracyContested, Ct);

    private async Task StartAsync(
        Dictionary<string, string?> settings,
        Action<WebApplication>? beforeGuard = null,
        Action<IPrivacyGuardBuilder>? configureGuard = null,
        Action<WebApplicationBuilder>? configureServices = null,
        bool mapControllers = false)
    {
        _host = await EdgeHost.StartAsync(
            _store,
            settings,
            app =>
            {
                app.MapGet("/", (HttpContext context) =>
                {
                    Interlocked.Increment(ref _calls);
                    return context.Features.Get<IPrivacyGuardRequestFeature>()!.Actor;
                });
                if (mapControllers)
                {
                    app.MapControllers();
                }
            },
            _accessLog,
            configureGuard,
            beforeGuard: beforeGuard,
            configureServices: configureServices);
    }

    private async Task<HttpResponseMessage> SendAsync(string header, params string[] values)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        foreach (var value in values)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        return await Client.SendAsync(request, Ct);
    }

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return problem.RootElement.GetProperty("type").GetString();
    }
}

/// <summary>A custom resolver: the subject is the <c>account</c> query parameter.</summary>
public sealed class QueryStringSubjectResolver : ISubjectResolver
{
    public ValueTask<string?> ResolveAsync(HttpContext context) =>
        ValueTask.FromResult(context.Request.Query.TryGetValue("account", out var value) ? (string?)value.ToString() : null);
}

/// <summary>A controller declaring purposes with the attribute, on the controller and on an action.</summary>
[ApiController]
[Route("controller")]
[RequiresPurpose("ServiceDelivery")]
public sealed class OffersController(IPrivacyScope scope) : ControllerBase
{
    [HttpGet("offers/{subject}")]
    [RequiresPurpose("Marketing")]
    public string Offers(string subject) => subject.Length > 0 ? "offers" : string.Empty;

    [HttpGet("profile/{subject}")]
    public string? Profile(string subject) => subject.Length > 0 ? scope.CurrentPurpose?.Name : null;
}
