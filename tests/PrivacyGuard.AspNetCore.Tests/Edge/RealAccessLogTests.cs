using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.EntityFrameworkCore;
using PrivacyGuard.Restriction;
using PrivacyGuard.Tests;

namespace PrivacyGuard.AspNetCore.Tests.Edge;

/// <summary>
/// The edge policy over the real access log that <c>AddPrivacyStore</c> registers (SQLite files in a temporary folder),
/// events read back through <see cref="IAccessLogReader"/>: allowed and denied requests are recorded with the right
/// fields and no raw values, and a log that cannot be written refuses the request with 503.
/// </summary>
public sealed class RealAccessLogTests : IAsyncLifetime
{
    private const string Alice = "alice.real-log@example.com";
    private const string Bob = "bob.real-log@example.com";
    private const string ClientAddress = "203.0.113.77";

    private readonly string _folder = Directory.CreateTempSubdirectory("privacyguard-edge-log-").FullName;
    private readonly EdgeApp _app = new();
    private KestrelHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private KestrelHost Host => _host!;

    private string StoreFile => Path.Combine(_folder, PrivacyStoreOptions.DefaultSqliteFileName);

    public async ValueTask InitializeAsync() =>
        _host = await KestrelHost.StartAsync(
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["PrivacyGuard:KeyRing:CurrentKeyId"] = "ka",
                    ["PrivacyGuard:KeyRing:Keys:ka"] = TestKeys.SecretA,
                    ["PrivacyGuard:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
                    ["PrivacyGuard:Subject:Source"] = "RouteValue",
                    ["PrivacyGuard:Subject:Name"] = "subject",
                });
                builder.Services.AddPrivacyGuard(builder.Configuration)
                    .AddPrivacyStore(store =>
                    {
                        store.Provider = PrivacyStoreProvider.Sqlite;
                        store.DataDirectory = _folder;
                    })
                    .AddAspNetCore(builder.Configuration);
            },
            app =>
            {
                app.UsePrivacyGuard();
                _app.Map(app);
            },
            Ct);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_restricted_request_is_recorded_as_denied_in_the_real_log_with_tokens_only()
    {
        await Host.Services.GetRequiredService<IRestrictionRegistry>().RestrictAsync(Alice, RestrictionReason.AccuracyContested, Ct);

        using var response = await SendAsync(HttpMethod.Get, $"accounts/{Alice}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, _app.CallsTo("accounts"));
        var recorded = Assert.Single(await EventsAsync());
        var e = recorded.Event;
        Assert.Equal(
            (AccessAction.Read, AccessOutcome.Denied, "processing-restricted", "/accounts/{subject}", "ServiceDelivery", "anonymous", "203.0.113.0"),
            (e.Action, e.Outcome, e.Reason, e.Resource, e.Purpose.Name, e.Actor, e.ClientAddress));
        Assert.Equal(Host.Services.GetRequiredService<IAccessLog>().TokenizeSubject(Alice), e.SubjectToken);
        AssertNoRawValues(recorded, Alice);
    }

    [Fact]
    public async Task An_allowed_request_is_recorded_as_succeeded_in_the_real_log_before_the_endpoint_runs()
    {
        using var response = await SendAsync(HttpMethod.Post, $"accounts/{Bob}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _app.CallsTo("accounts-post"));
        var recorded = Assert.Single(await EventsAsync());
        var e = recorded.Event;
        Assert.Equal(
            (AccessAction.Write, AccessOutcome.Succeeded, (string?)null, "/accounts/{subject}", "ServiceDelivery", "anonymous", "203.0.113.0"),
            (e.Action, e.Outcome, e.Reason, e.Resource, e.Purpose.Name, e.Actor, e.ClientAddress));
        Assert.Equal(Host.Services.GetRequiredService<IAccessLog>().TokenizeSubject(Bob), e.SubjectToken);
        AssertNoRawValues(recorded, Bob);
        var verification = await Host.Services.GetRequiredService<IAccessLogReader>().VerifyAsync(Ct);
        Assert.True(verification.IsValid);
    }

    [Fact]
    public async Task When_the_real_log_cannot_be_written_the_request_gets_503_and_the_endpoint_never_runs()
    {
        // Start-up created and migrated the store; now its access_events table goes away behind its back.
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StoreFile, Pooling = false }.ToString()))
        {
            await connection.OpenAsync(Ct);
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE access_events";
            await drop.ExecuteNonQueryAsync(Ct);
        }

        using var response = await SendAsync(HttpMethod.Get, $"accounts/{Bob}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(PrivacyProblemWriter.ContentType, response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Ct);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(PrivacyProblemTypes.PrivacyStoreUnavailable, problem.RootElement.GetProperty("type").GetString());
        Assert.DoesNotContain("bob", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ClientAddress, body, StringComparison.Ordinal);
        Assert.Equal(0, _app.CallsTo("accounts"));
    }

    private static void AssertNoRawValues(RecordedAccessEvent recorded, string subject)
    {
        var json = JsonSerializer.Serialize(recorded);
        Assert.DoesNotContain(subject, json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(subject.Split('@')[0], json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ClientAddress, json, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", ClientAddress);
        return await Host.Client.SendAsync(request, Ct);
    }

    private async Task<List<RecordedAccessEvent>> EventsAsync()
    {
        var events = new List<RecordedAccessEvent>();
        await foreach (var e in Host.Services.GetRequiredService<IAccessLogReader>().QueryAsync(new AccessLogQuery { Limit = 1000 }, Ct))
        {
            events.Add(e);
        }

        return events;
    }
}
