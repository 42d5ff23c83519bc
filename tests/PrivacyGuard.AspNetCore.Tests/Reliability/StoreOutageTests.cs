using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.AspNetCore.Tests.Edge;
using PrivacyGuard.EntityFrameworkCore;
using PrivacyGuard.Restriction;
using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests.Reliability;

/// <summary>
/// A host with <c>UsePrivacyGuard()</c> and the real access log on PostgreSQL, whose store becomes unreachable (a relay in
/// front of the test server is cut): every request naming a subject, restricted or not, gets 503 before the endpoint
/// runs, and the answer names neither the store nor the subject.
/// </summary>
public sealed class StoreOutageTests(PostgresServer postgres)
{
    private const string Password = "relay-password-canary";
    private const string Alice = "alice.outage@example.com";
    private const string Bob = "bob.outage@example.com";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task When_the_store_becomes_unreachable_requests_for_a_subject_get_503_and_the_endpoint_never_runs()
    {
        var store = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("outage"));
        await using var relay = TcpRelay.Start(store.Host!, store.Port);
        store.Port = relay.Port;
        store.Password = Password;
        var app = new EdgeApp();
        try
        {
            await using var host = await StartAsync(store.ConnectionString, app);
            await host.Services.GetRequiredService<IRestrictionRegistry>().RestrictAsync(Alice, RestrictionReason.AccuracyContested, Ct);
            using (var before = await host.Client.GetAsync($"accounts/{Bob}", Ct))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            relay.Cut();
            using var allowed = await host.Client.GetAsync($"accounts/{Bob}", Ct);
            using var restricted = await host.Client.GetAsync($"accounts/{Alice}", Ct);
            using var noSubject = await host.Client.GetAsync("health", Ct);

            foreach (var response in new[] { allowed, restricted })
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal(PrivacyProblemWriter.ContentType, response.Content.Headers.ContentType?.MediaType);
                var body = await response.Content.ReadAsStringAsync(Ct);
                using var problem = JsonDocument.Parse(body);
                Assert.Equal(PrivacyProblemTypes.PrivacyStoreUnavailable, problem.RootElement.GetProperty("type").GetString());
                var text = response.Headers + body;
                foreach (var leak in new[] { "alice", "bob", Password, store.Database!, ":" + store.Port.ToString(CultureInfo.InvariantCulture), "Host=", "Npgsql", "postgres", "Exception" })
                {
                    Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
                }
            }

            Assert.Equal(1, app.CallsTo("accounts"));
            Assert.Equal(HttpStatusCode.OK, noSubject.StatusCode);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
        }
    }

    private static Task<KestrelHost> StartAsync(string connectionString, EdgeApp app) =>
        KestrelHost.StartAsync(
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["PrivacyGuard:KeyRing:CurrentKeyId"] = "ka",
                    ["PrivacyGuard:KeyRing:Keys:ka"] = TestKeys.SecretA,
                    ["PrivacyGuard:Subject:Source"] = "RouteValue",
                    ["PrivacyGuard:Subject:Name"] = "subject",
                });
                builder.Services.AddPrivacyGuard(builder.Configuration)
                    .AddPrivacyStore(options =>
                    {
                        options.Provider = PrivacyStoreProvider.PostgreSql;
                        options.ConnectionString = connectionString;
                    })
                    .AddAspNetCore(builder.Configuration);
            },
            web =>
            {
                web.UsePrivacyGuard();
                app.Map(web);
            },
            Ct);
}
