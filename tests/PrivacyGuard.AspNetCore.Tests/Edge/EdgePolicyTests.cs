using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.AspNetCore.Tests.Edge;

/// <summary>
/// Subject and purpose at the edge over real Kestrel and the real EF Core restriction registry: restricted subjects and
/// objections are refused with 403 before the endpoint runs, the privacy scope carries the endpoint's purpose, and every
/// access is recorded without raw values.
/// </summary>
public abstract class EdgePolicyTests : IAsyncLifetime
{
    protected const string Alice = "alice@example.com";
    private const string Bob = "bob@example.com";

    private readonly EdgeApp _app = new();
    private TestStore? _store;
    private KestrelHost? _host;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected RecordingAccessLog AccessLog { get; } = new();

    protected HttpClient Client => _host!.Client;

    protected IRestrictionRegistry Registry => _host!.Services.GetRequiredService<IRestrictionRegistry>();

    protected abstract Task<TestStore> CreateStoreAsync();

    public async ValueTask InitializeAsync()
    {
        _store = await CreateStoreAsync();
        _host = await EdgeHost.StartAsync(
            _store,
            new Dictionary<string, string?>
            {
                ["PrivacyGuard:Subject:Source"] = "RouteValue",
                ["PrivacyGuard:Subject:Name"] = "subject",
            },
            _app.Map,
            AccessLog);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Restricted_subject_is_refused_with_403_before_the_endpoint_runs()
    {
        await Registry.RestrictAsync(Alice, RestrictionReason.AccuracyContested, Ct);

        using var response = await Client.GetAsync($"/accounts/{Alice}", Ct);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, PrivacyProblemTypes.ProcessingRestricted);
        Assert.Equal(0, _app.CallsTo("accounts"));
    }

    private protected async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(PrivacyProblemWriter.ContentType, response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Ct);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(type, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("alice", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
    }

    private protected int CallsTo(string name) => _app.CallsTo(name);

    /// <summary>The remaining specs; only the SQLite suite runs them all, PostgreSQL runs the one above.</summary>
    public abstract class Full : EdgePolicyTests
    {
        [Fact]
        public async Task An_objection_to_Marketing_refuses_the_Marketing_endpoint_but_not_the_ServiceDelivery_one()
        {
            await Registry.ObjectAsync(Alice, ProcessingPurpose.Marketing, Ct);

            using var marketing = await Client.GetAsync($"/marketing/{Alice}", Ct);
            using var offers = await Client.GetAsync($"/offers/{Alice}", Ct);
            using var accounts = await Client.GetAsync($"/accounts/{Alice}", Ct);

            await AssertProblemAsync(marketing, HttpStatusCode.Forbidden, PrivacyProblemTypes.Objection);
            await AssertProblemAsync(offers, HttpStatusCode.Forbidden, PrivacyProblemTypes.Objection);
            Assert.Equal(HttpStatusCode.OK, accounts.StatusCode);
            Assert.Equal((0, 0, 1), (CallsTo("marketing"), CallsTo("offers"), CallsTo("accounts")));
        }

        [Fact]
        public async Task A_LegalObligation_endpoint_serves_a_restricted_subject()
        {
            await Registry.RestrictAsync(Alice, RestrictionReason.LegalClaims, Ct);

            using var legal = await Client.GetAsync($"/legal/{Alice}", Ct);
            using var marketing = await Client.GetAsync($"/marketing/{Alice}", Ct);

            Assert.Equal(HttpStatusCode.OK, legal.StatusCode);
            await AssertProblemAsync(marketing, HttpStatusCode.Forbidden, PrivacyProblemTypes.ProcessingRestricted);
            Assert.Equal(1, CallsTo("legal"));
        }

        [Fact]
        public async Task Other_subjects_are_served_while_one_is_restricted()
        {
            await Registry.RestrictAsync(Alice, RestrictionReason.AccuracyContested, Ct);

            using var response = await Client.GetAsync($"/marketing/{Bob}", Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, CallsTo("marketing"));
        }

        [Fact]
        public async Task The_endpoint_runs_in_a_privacy_scope_with_its_purpose_and_an_anonymous_actor()
        {
            var seen = await Client.GetFromJsonAsync<ScopeSeen>($"/scope/{Bob}", Ct);

            Assert.Equal("Communication", seen!.ScopePurpose);
            Assert.Equal("Communication", seen.FeaturePurpose);
            Assert.Equal("anonymous", seen.ScopeActor);
            Assert.Equal(AccessLog.TokenizeSubject(Bob), seen.SubjectToken);
        }

        [Fact]
        public async Task Allowed_and_denied_accesses_are_recorded_with_tokens_and_no_raw_values()
        {
            await Registry.ObjectAsync(Alice, ProcessingPurpose.Marketing, Ct);

            using var read = await Client.GetAsync($"/accounts/{Alice}", Ct);
            using var write = await Client.PostAsync($"/accounts/{Alice}", content: null, Ct);
            using var denied = await Client.GetAsync($"/marketing/{Alice}", Ct);
            using var noSubject = await Client.GetAsync("/health", Ct);

            var token = AccessLog.TokenizeSubject(Alice);
            var events = AccessLog.Events;
            Assert.Equal(3, events.Count);
            Assert.Equal(
                [
                    (AccessAction.Read, AccessOutcome.Succeeded, "/accounts/{subject}", "ServiceDelivery", (string?)null),
                    (AccessAction.Write, AccessOutcome.Succeeded, "/accounts/{subject}", "ServiceDelivery", null),
                    (AccessAction.Read, AccessOutcome.Denied, "/marketing/{subject}", "Marketing", "objection"),
                ],
                events.Select(e => (e.Action, e.Outcome, e.Resource, e.Purpose.Name, e.Reason)));
            Assert.All(events, e =>
            {
                Assert.Equal(token, e.SubjectToken);
                Assert.Equal("127.0.0.0", e.ClientAddress);
                Assert.Equal("anonymous", e.Actor);
                var text = JsonSerializer.Serialize(e);
                Assert.DoesNotContain("alice", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
            });
        }

        [Fact]
        public async Task A_failing_access_log_refuses_the_request_with_503_and_the_endpoint_never_runs()
        {
            AccessLog.Unavailable = true;

            using var response = await Client.GetAsync($"/accounts/{Bob}", Ct);

            await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, PrivacyProblemTypes.PrivacyStoreUnavailable);
            Assert.Equal(0, CallsTo("accounts"));
        }

        [Fact]
        public async Task A_lifted_restriction_is_served_again()
        {
            await Registry.RestrictAsync(Alice, RestrictionReason.AccuracyContested, Ct);
            using var refused = await Client.GetAsync($"/accounts/{Alice}", Ct);
            await Registry.LiftRestrictionAsync(Alice, Ct);

            using var served = await Client.GetAsync($"/accounts/{Alice}", Ct);

            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(1, CallsTo("accounts"));
        }
    }
}

/// <summary>The edge specs with the privacy store in SQLite files.</summary>
public sealed class SqliteEdgePolicyTests : EdgePolicyTests.Full
{
    protected override Task<TestStore> CreateStoreAsync() => Task.FromResult<TestStore>(new SqliteTestStore());
}

/// <summary>The restriction spec with the privacy store on the throwaway PostgreSQL server.</summary>
public sealed class PostgreSqlEdgePolicyTests(PrivacyGuard.Tests.PostgresServer postgres) : EdgePolicyTests
{
    protected override async Task<TestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync(postgres);
}
