using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PrivacyGuard.AccessLog;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.AccessLog;

/// <summary>
/// The access log on the real privacy store: chains verify, tampering with plain SQL is detected and named, batches
/// take few commands, and a store that cannot be written refuses the operation without half-writing. One subclass per provider.
/// </summary>
public abstract class AccessLogStoreTests : IAsyncLifetime
{
    private ServiceProvider? _services;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal CapturedLogs Logs { get; } = new();

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not started.");

    protected IAccessLog Log => Services.GetRequiredService<IAccessLog>();

    protected IAccessLogReader Reader => Services.GetRequiredService<IAccessLogReader>();

    protected abstract ValueTask CreateDatabasesAsync();

    protected abstract void ConfigureStore(PrivacyStoreOptions options);

    public virtual async ValueTask InitializeAsync()
    {
        await CreateDatabasesAsync();
        await StartAsync(AccessLogFailureMode.Refuse);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task An_untouched_log_verifies()
    {
        await RecordAsync(10);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Log.RecordAsync(Event(i), Ct).AsTask()));
        var result = await Reader.VerifyAsync(Ct);
        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(50, result.EventsChecked);
    }

    [Fact]
    public async Task An_event_edited_with_sql_is_detected_as_edited()
    {
        await RecordAsync(10);
        await ExecuteAsync($"UPDATE {Table("access_events")} SET actor = 'intruder' WHERE sequence = 5");
        await AssertBadAsync(5, AccessLogProblems.Edited);
    }

    [Fact]
    public async Task An_event_deleted_with_sql_is_detected_as_missing()
    {
        await RecordAsync(10);
        await ExecuteAsync($"DELETE FROM {Table("access_events")} WHERE sequence = 7");
        await AssertBadAsync(7, AccessLogProblems.Missing);
    }

    [Fact]
    public async Task Two_events_swapped_with_sql_are_detected_as_reordered()
    {
        await RecordAsync(10);
        var events = Table("access_events");
        await ExecuteAsync($"UPDATE {events} SET sequence = -3 WHERE sequence = 3");
        await ExecuteAsync($"UPDATE {events} SET sequence = 3 WHERE sequence = 4");
        await ExecuteAsync($"UPDATE {events} SET sequence = 4 WHERE sequence = -3");
        await AssertBadAsync(3, AccessLogProblems.Reordered);
    }

    [Fact]
    public async Task A_tail_deleted_with_sql_is_detected_as_truncated()
    {
        await RecordAsync(10);
        await ExecuteAsync($"DELETE FROM {Table("access_events")} WHERE sequence > 8");
        await AssertBadAsync(9, AccessLogProblems.Truncated);
    }

    [Fact]
    public async Task An_event_forged_with_sql_is_detected_as_inserted()
    {
        await RecordAsync(10);
        await ExecuteAsync(
            $"INSERT INTO {Table("access_events")} (chain, sequence, key_id, occurred_at, action, outcome, resource, subject_token, purpose, actor, categories, client_address, count, reason, previous_hash, hash) "
            + $"SELECT chain, 11, key_id, occurred_at, 'read', outcome, resource, subject_token, purpose, 'intruder', categories, client_address, count, reason, hash, '{new string('a', 64)}' "
            + $"FROM {Table("access_events")} WHERE sequence = 10");
        await AssertBadAsync(11, AccessLogProblems.Inserted);
    }

    [Fact]
    public async Task Any_single_byte_edit_of_a_stored_column_made_with_sql_is_detected()
    {
        var token = Log.TokenizeSubject("subject-1");
        await Log.RecordAsync([.. Enumerable.Range(0, 6).Select(i => Event(i) with { SubjectToken = token, ClientAddress = "203.0.113.0", Reason = "r" + i })], Ct);
        await AccessLogStoreTamperProperty.RunAsync(CreateStoreConnection, Table("access_events"), Reader, 6, 300, Ct);
        Assert.True((await Reader.VerifyAsync(Ct)).IsValid);
    }

    [Fact]
    public async Task A_thousand_concurrent_events_take_far_fewer_than_a_thousand_commands()
    {
        var counter = new StoreCommands((EfAccessLogStore)Services.GetRequiredService<IAccessLogStore>());
        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => Log.RecordAsync(Event(i), Ct).AsTask()));
        Assert.True(counter.Count < 100, $"{counter.Count} commands for 1,000 events");
        Assert.Equal(1_000, await CountEventsAsync());
        Assert.True((await Reader.VerifyAsync(Ct)).IsValid);
    }

    [Fact]
    public async Task A_list_of_a_hundred_events_is_one_transaction_of_multi_row_inserts_and_a_head_update()
    {
        await RecordAsync(1);
        var counter = new StoreCommands((EfAccessLogStore)Services.GetRequiredService<IAccessLogStore>());
        await Log.RecordAsync([.. Enumerable.Range(0, 100).Select(Event)], Ct);
        Assert.Equal(InsertAndHeadCommands(100), counter.Count);
    }

    [Fact]
    public async Task Two_instances_sharing_the_store_write_one_chain_each_and_both_verify()
    {
        var first = Log;
        var secondProvider = await BuildAsync(AccessLogFailureMode.Refuse);
        await using (secondProvider)
        {
            var second = secondProvider.GetRequiredService<IAccessLog>();
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => (i % 2 == 0 ? first : second).RecordAsync(Event(i), Ct).AsTask()));
        }

        var result = await Reader.VerifyAsync(Ct);
        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(200, result.EventsChecked);
        Assert.Equal(2, (await QueryAsync(new AccessLogQuery { Limit = 1_000 })).Select(e => e.Chain).Distinct().Count());
    }

    [Fact]
    public async Task A_store_that_cannot_be_written_refuses_and_nothing_is_half_written()
    {
        await RecordAsync(3);
        await ExecuteAsync($"DROP TABLE {Table("access_log_heads")}");
        var refused = await Assert.ThrowsAsync<AccessLogUnavailableException>(() => Log.RecordAsync([.. Enumerable.Range(0, 5).Select(Event)], Ct).AsTask());
        Assert.DoesNotContain("Data Source", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, await CountEventsAsync());
    }

    [Fact]
    public async Task In_log_only_mode_an_unwritable_store_lets_the_operation_through_and_logs()
    {
        await _services!.DisposeAsync();
        await StartAsync(AccessLogFailureMode.LogOnly);
        await ExecuteAsync($"DROP TABLE {Table("access_log_heads")}");
        await Log.RecordAsync(Event(0), Ct);
        Assert.Contains(Logs.Entries, e => e.Category == "PrivacyGuard.AccessLog" && e.Level == LogLevel.Error && e.EventId.Id == 9101);
        Assert.Contains(Logs.Entries, e => e.EventId.Id == 9100 && Equals(e.Properties["Stored"], false));
    }

    [Fact]
    public async Task A_query_filters_by_subject_token_outcome_and_time()
    {
        var jane = Log.TokenizeSubject("jane.doe@example.org");
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        await Log.RecordAsync([Event(0) with { SubjectToken = jane }, Event(1), Event(2) with { SubjectToken = jane, Outcome = AccessOutcome.Denied }], Ct);
        var janes = await QueryAsync(new AccessLogQuery { SubjectToken = jane });
        Assert.Equal([1L, 3L], janes.Select(e => e.Sequence));
        var denied = await QueryAsync(new AccessLogQuery { SubjectToken = jane, Outcome = AccessOutcome.Denied, From = start, To = start.AddHours(1) });
        Assert.Equal(3L, Assert.Single(denied).Sequence);
        Assert.Empty(await QueryAsync(new AccessLogQuery { From = start.AddHours(1) }));
        Assert.Equal(AccessLogNames.Of(AccessAction.Read), AccessLogNames.Of(janes[0].Event.Action));
    }

    [Fact]
    public async Task A_batch_whose_events_differ_column_by_column_stores_each_event_as_recorded()
    {
        // SQLite binds a column again only when it differs from the previous event's: alternate every column between
        // a value, another value and null (where nullable), so each kind of change is stored and read back.
        var tokens = new[] { Log.TokenizeSubject("subject-1"), null, Log.TokenizeSubject("subject-2") };
        var events = Enumerable.Range(0, 12).Select(i => Event(i) with
        {
            SubjectToken = tokens[i % 3],
            ClientAddress = i % 4 == 0 ? null : "203.0.113." + (i % 2),
            Reason = i % 3 == 1 ? "r" + (i % 2) : null,
            Resource = i % 5 == 0 ? "Account" : "Order",
            Outcome = i % 2 == 0 ? AccessOutcome.Succeeded : AccessOutcome.Denied,
            Categories = i % 3 == 0 ? [PersonalDataCategory.Email] : [PersonalDataCategory.Name, PersonalDataCategory.FreeText],
        }).ToList();
        await Log.RecordAsync(events, Ct);

        var stored = (await QueryAsync(new AccessLogQuery())).OrderBy(e => e.Sequence).ToList();
        Assert.Equal(events.Count, stored.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var (expected, actual) = (events[i], stored[i].Event);
            Assert.Equal(
                (expected.SubjectToken, expected.ClientAddress, expected.Reason, expected.Resource, expected.Outcome, expected.Count),
                (actual.SubjectToken, actual.ClientAddress, actual.Reason, actual.Resource, actual.Outcome, actual.Count));
            Assert.Equal(expected.Categories.Order(), actual.Categories.Order());
        }

        Assert.True((await Reader.VerifyAsync(Ct)).IsValid);
    }

    internal static AccessEvent Event(int i) => new()
    {
        Action = AccessAction.Read,
        Outcome = AccessOutcome.Succeeded,
        Resource = "Account",
        Purpose = ProcessingPurpose.ServiceDelivery,
        Actor = "svc",
        Categories = [PersonalDataCategory.Email],
        Count = i + 1,
    };

    private async Task StartAsync(AccessLogFailureMode mode) => _services = await BuildAsync(mode);

    private async Task<ServiceProvider> BuildAsync(AccessLogFailureMode mode)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(ConfigureStore).AddAccessLog(o => o.OnFailure = mode);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        return provider;
    }

    private async Task RecordAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Log.RecordAsync(Event(i), Ct);
        }
    }

    private async Task<List<RecordedAccessEvent>> QueryAsync(AccessLogQuery query)
    {
        var list = new List<RecordedAccessEvent>();
        await foreach (var e in Reader.QueryAsync(query, Ct))
        {
            list.Add(e);
        }

        return list;
    }

    private async Task AssertBadAsync(long sequence, string problem)
    {
        var chain = (await QueryAsync(new AccessLogQuery { Limit = 1 }))[0].Chain;
        var result = await Reader.VerifyAsync(Ct);
        Assert.False(result.IsValid);
        Assert.Equal((chain, sequence, problem), (result.FirstBadChain, result.FirstBadSequence, result.Problem));
    }

    private PrivacyStoreOptions StoreOptions => Services.GetRequiredService<IOptions<PrivacyStoreOptions>>().Value;

    private string Table(string name) =>
        StoreOptions.Provider == PrivacyStoreProvider.PostgreSql ? $"\"{StoreOptions.Schema}\".\"{name}\"" : $"\"{name}\"";

    // One multi-row INSERT (PostgreSQL, up to 500 events), one binary COPY (PostgreSQL, more), or one prepared statement
    // stepped in-process (SQLite); then the head. Whatever the batch's size.
    private static long InsertAndHeadCommands(int events) => events > 0 ? 2 : 0;

    internal DbConnection CreateStoreConnection() =>
        StoreOptions.Provider == PrivacyStoreProvider.PostgreSql
            ? new NpgsqlConnection(StoreOptions.ConnectionString)
            : new SqliteConnection(StoreOptions.ResolveSqliteConnectionString());

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = CreateStoreConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<long> CountEventsAsync()
    {
        await using var connection = CreateStoreConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Table("access_events")}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
