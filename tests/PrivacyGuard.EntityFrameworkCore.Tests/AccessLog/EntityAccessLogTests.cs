using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PrivacyGuard.AccessLog;
using PrivacyGuard.EntityFrameworkCore.Tests.Interception;
using PrivacyGuard.EntityFrameworkCore.Retention;
using PrivacyGuard.EntityFrameworkCore.Tests.Retention;
using PrivacyGuard.EntityFrameworkCore.Tests.Rights;
using PrivacyGuard.Restriction;
using PrivacyGuard.Rights;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.AccessLog;

/// <summary>
/// Access events from the EF Core integration on a real database: saves, queries and subject-rights operations are
/// recorded in batches with the right fields and no raw personal data, and fail closed when the log cannot be written.
/// One subclass per provider.
/// </summary>
public abstract class EntityAccessLogTests : IAsyncLifetime
{
    private const string JaneEmail = "jane.doe@example.org";
    private const string JaneName = "Jane Doe";
    private const string JaneIp = "203.0.113.77";

    private ServiceProvider? _services;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal CapturedLogs Logs { get; } = new();

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not started.");

    protected Guid Jane { get; } = Guid.NewGuid();

    private IAccessLog Log => Services.GetRequiredService<IAccessLog>();

    private PrivacyStoreOptions StoreOptions => Services.GetRequiredService<IOptions<PrivacyStoreOptions>>().Value;

    protected abstract ValueTask CreateDatabasesAsync();

    protected abstract void ConfigureStore(PrivacyStoreOptions options);

    protected abstract void UseAccountsDatabase(DbContextOptionsBuilder options);

    protected abstract void UseTicketsDatabase(DbContextOptionsBuilder options);

    protected abstract void UseRetentionDatabase(DbContextOptionsBuilder options);

    protected abstract DbConnection CreateRawConnection(string name);

    public virtual async ValueTask InitializeAsync()
    {
        await CreateDatabasesAsync();
        await StartAsync(AccessLogFailureMode.Refuse);
        await using (var accounts = NewAccounts())
        {
            await accounts.Database.EnsureCreatedAsync(Ct);
        }

        await using (var tickets = NewTickets())
        {
            await tickets.Database.EnsureCreatedAsync(Ct);
        }

        await using var retention = NewRetention();
        await retention.Database.EnsureCreatedAsync(Ct);
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
    public async Task A_save_of_a_hundred_accounts_records_one_batch_with_scope_purpose_and_actor()
    {
        await using var accounts = NewAccounts();
        accounts.Accounts.AddRange(Enumerable.Range(0, 100).Select(i => NewAccount(Guid.NewGuid(), $"user{i}@example.org")));
        var counter = new StoreCommands((EfAccessLogStore)Services.GetRequiredService<IAccessLogStore>());
        using (Services.GetRequiredService<IPrivacyScope>().BeginScope(ProcessingPurpose.Security, "support-agent-7"))
        {
            await accounts.SaveChangesAsync(Ct);
        }

        Assert.Equal(InsertAndHeadCommands(100), counter.Count); // multi-row inserts of events, one head update
        var events = await AllEventsAsync();
        Assert.Equal(100, events.Count(e => e.Event.Action == AccessAction.Write));
        var first = events.First(e => e.Event.Action == AccessAction.Write).Event;
        Assert.Equal(("Account", "Security", "support-agent-7", 1, AccessOutcome.Succeeded), (first.Resource, first.Purpose.Name, first.Actor, first.Count, first.Outcome));
        Assert.Contains(PersonalDataCategory.Email, first.Categories);
        Assert.Contains(PersonalDataCategory.Name, first.Categories);
        Assert.True((await Reader.VerifyAsync(Ct)).IsValid);
    }

    [Fact]
    public async Task A_save_records_the_subject_as_its_token_and_an_update_only_the_categories_it_changed()
    {
        await SaveJaneAsync();
        await using (var accounts = NewAccounts())
        {
            var jane = await accounts.Accounts.SingleAsync(a => a.Id == Jane, Ct);
            jane.RealName = "Jane Smith";
            jane.Plan = "team";
            await accounts.SaveChangesAsync(Ct);
        }

        var token = Log.TokenizeSubject(Jane.ToString());
        var writes = (await AllEventsAsync()).Where(e => e.Event.Action == AccessAction.Write).ToList();
        Assert.Equal(2, writes.Count);
        Assert.All(writes, w => Assert.Equal(token, w.Event.SubjectToken));
        Assert.Equal([PersonalDataCategory.Name], writes[1].Event.Categories);
    }

    [Fact]
    public async Task A_delete_is_recorded_as_a_delete_of_the_subjects_data()
    {
        await SaveJaneAsync();
        await using (var accounts = NewAccounts())
        {
            accounts.Accounts.Remove(await accounts.Accounts.SingleAsync(a => a.Id == Jane, Ct));
            await accounts.SaveChangesAsync(Ct);
        }

        var delete = Assert.Single(await AllEventsAsync(), e => e.Event.Action == AccessAction.Delete);
        Assert.Equal(Log.TokenizeSubject(Jane.ToString()), delete.Event.SubjectToken);
    }

    [Fact]
    public async Task ExecuteDelete_of_accounts_is_recorded_as_one_delete_with_the_rows_it_deleted()
    {
        await using (var accounts = NewAccounts())
        {
            accounts.Accounts.Add(NewAccount(Jane, JaneEmail));
            await accounts.SaveChangesAsync(Ct);
        }

        await AddAccountsAsync(3);

        await using (var accounts = NewAccounts())
        {
            using (Services.GetRequiredService<IPrivacyScope>().BeginScope(ProcessingPurpose.Security, "cleanup-job"))
            {
                Assert.Equal(1, await accounts.Accounts.Where(a => a.Id == Jane).ExecuteDeleteAsync(Ct));
            }

            Assert.Equal(3, accounts.Accounts.Where(a => a.Id != Jane).ExecuteDelete());
            Assert.Equal(0, await accounts.Accounts.Where(a => a.Id == Jane).ExecuteDeleteAsync(Ct));
        }

        var deletes = (await AllEventsAsync()).Where(e => e.Event.Action == AccessAction.Delete).Select(e => e.Event).ToList();
        Assert.Equal([1, 3, 0], deletes.Select(d => d.Count));
        Assert.All(deletes, d => Assert.Equal(("Account", null), (d.Resource, d.SubjectToken)));
        Assert.All(deletes, d => Assert.Contains(PersonalDataCategory.Email, d.Categories));
        Assert.Equal(("Security", "cleanup-job"), (deletes[0].Purpose.Name, deletes[0].Actor));
        Assert.True((await Reader.VerifyAsync(Ct)).IsValid);
    }

    [Fact]
    public async Task A_projection_of_personal_values_is_recorded_as_a_read_of_the_rows_it_returned()
    {
        var ids = await AddAccountsAsync(3);

        await using (var accounts = NewAccounts())
        {
            Assert.Equal(3, (await accounts.Accounts.Select(a => new { a.Id, a.Email, a.SignUpIp }).ToListAsync(Ct)).Count);
            Assert.Equal(3, (await accounts.Accounts.Select(a => a.Plan).ToListAsync(Ct)).Count);
            Assert.NotNull(accounts.Accounts.OrderBy(a => a.Id).Select(a => a.Email).First());
            await foreach (var email in accounts.Accounts.Select(a => a.Email).AsAsyncEnumerable().WithCancellation(Ct))
            {
                Assert.NotNull(email);
                break; // a consumer that stops early: one row read of three
            }
        }

        var reads = (await AllEventsAsync()).Where(e => e.Event.Action == AccessAction.Read).Select(e => e.Event).ToList();
        Assert.Equal([3, 1, 1], reads.Select(r => r.Count));
        Assert.All(reads, r => Assert.Equal(("Account", null), (r.Resource, r.SubjectToken)));
        Assert.Equal([PersonalDataCategory.Email, PersonalDataCategory.IpAddress], reads[0].Categories);
        Assert.Equal([PersonalDataCategory.Email], reads[1].Categories);
    }

    [Fact]
    public async Task A_projection_of_personal_values_through_an_interface_cast_is_recorded_too()
    {
        await AddAccountsAsync(2);

        await using (var accounts = NewAccounts())
        {
            Assert.Equal(2, (await accounts.Accounts.Select(a => ((IAccountView)a).Email).ToListAsync(Ct)).Count);
            Assert.Equal(2, (await accounts.Accounts.Select(a => EF.Property<string>((IAccountView)a, nameof(Account.Email))).ToListAsync(Ct)).Count);
        }

        var reads = (await AllEventsAsync()).Where(e => e.Event.Action == AccessAction.Read).Select(e => e.Event).ToList();
        Assert.Equal([2, 2], reads.Select(r => r.Count));
        Assert.All(reads, r => Assert.Equal("Account", r.Resource));
        Assert.All(reads, r => Assert.Equal([PersonalDataCategory.Email], r.Categories));
    }

    [Fact]
    public async Task A_query_records_one_read_event_per_subject_in_one_batch_tracked_or_not()
    {
        var ids = await AddAccountsAsync(20);

        var counter = new StoreCommands((EfAccessLogStore)Services.GetRequiredService<IAccessLogStore>());
        await using (var accounts = NewAccounts())
        {
            Assert.Equal(20, (await accounts.Accounts.ToListAsync(Ct)).Count);
            Assert.Equal(20, (await accounts.Accounts.AsNoTracking().ToListAsync(Ct)).Count);
        }

        Assert.Equal(2 * InsertAndHeadCommands(20), counter.Count); // two queries, each one insert and one head update
        var reads = (await AllEventsAsync()).Where(e => e.Event.Action == AccessAction.Read).ToList();
        Assert.Equal(40, reads.Count);
        Assert.All(reads, r => Assert.Equal(("Account", 1, "system"), (r.Event.Resource, r.Event.Count, r.Event.Actor)));
        Assert.Equal(ids.Select(id => Log.TokenizeSubject(id.ToString())).Order(), reads.Take(20).Select(r => r.Event.SubjectToken!).Order());
    }

    [Fact]
    public async Task Each_query_records_one_read_per_entity_type_and_subject_counting_its_rows_whatever_the_id_type()
    {
        Guid[] subjects = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        int[] ticketSubjects = [0, 1, 2, 0, 1, 0, 2];
        int[] newsletterSubjects = [0, 1, 0];
        await using (var tickets = NewTickets())
        {
            // Rows of a subject are not adjacent; a string subject id names the same subject as the Guid it spells.
            tickets.Tickets.AddRange(ticketSubjects.Select(i => new SupportTicket { CustomerId = subjects[i], ContactName = JaneName, Body = "b" }));
            tickets.Newsletters.AddRange(newsletterSubjects.Select(i => new Newsletter { SubscriberId = subjects[i].ToString(), Address = JaneEmail }));
            await tickets.SaveChangesAsync(Ct);
        }

        var before = (await AllEventsAsync()).Count;
        await using (var tickets = NewTickets())
        {
            Assert.Equal(7, (await tickets.Tickets.ToListAsync(Ct)).Count);
            Assert.Equal(3, (await tickets.Newsletters.ToListAsync(Ct)).Count);
            Assert.Equal(7, (await tickets.Tickets.AsNoTracking().ToListAsync(Ct)).Count);
        }

        var reads = (await AllEventsAsync()).Skip(before).Select(e => e.Event).ToList();
        Assert.All(reads, r => Assert.Equal(AccessAction.Read, r.Action));
        var token = subjects.Select(s => Log.TokenizeSubject(s.ToString())).ToArray();
        (string, string?, int)[] ticketReads = [("SupportTicket", token[0], 3), ("SupportTicket", token[1], 2), ("SupportTicket", token[2], 2)];
        (string, string?, int)[] newsletterReads = [("Newsletter", token[0], 2), ("Newsletter", token[1], 1)];
        Assert.Equal(
            [.. ticketReads, .. newsletterReads, .. ticketReads],
            reads.Select(r => (r.Resource, r.SubjectToken, r.Count)));
        Assert.All(reads.Where(r => r.Resource == "SupportTicket"), r => Assert.Equal([PersonalDataCategory.Name, PersonalDataCategory.Email, PersonalDataCategory.FreeText], r.Categories));
    }

    [Fact]
    public async Task A_synchronous_query_and_save_are_recorded_too()
    {
        using (var accounts = NewAccounts())
        {
            accounts.Accounts.Add(NewAccount(Jane, JaneEmail));
            accounts.SaveChanges();
            Assert.Single(accounts.Accounts.AsNoTracking().ToList());
        }

        var events = await AllEventsAsync();
        Assert.Contains(events, e => e.Event.Action == AccessAction.Write);
        Assert.Contains(events, e => e.Event.Action == AccessAction.Read);
    }

    [Fact]
    public async Task Export_and_erase_record_the_operation_and_the_rows_it_touched()
    {
        await SaveJaneAsync();
        var rights = Services.GetRequiredService<IDataSubjectRights>();
        await rights.ExportAsync(Jane.ToString(), Ct);
        await rights.EraseAsync(Jane.ToString(), Ct);
        var token = Log.TokenizeSubject(Jane.ToString());
        var events = (await AllEventsAsync()).Where(e => e.Event.SubjectToken == token).ToList();
        var export = Assert.Single(events, e => e.Event.Action == AccessAction.Export).Event;
        Assert.Equal(("SubjectRights", "LegalObligation", "PrivacyGuard.SubjectRights"), (export.Resource, export.Purpose.Name, export.Actor));
        Assert.Single(events, e => e.Event.Action == AccessAction.Erase);
        Assert.Contains(events, e => e.Event.Action == AccessAction.Read && e.Event.Actor == "PrivacyGuard.SubjectRights");
        Assert.Contains(events, e => e.Event.Action is AccessAction.Delete or AccessAction.Write && e.Event.Purpose == ProcessingPurpose.LegalObligation);
    }

    [Fact]
    public async Task Restriction_and_objection_changes_are_recorded()
    {
        var rights = Services.GetRequiredService<IDataSubjectRights>();
        await rights.RestrictAsync(Jane.ToString(), RestrictionReason.AccuracyContested, Ct);
        await rights.LiftRestrictionAsync(Jane.ToString(), Ct);
        await rights.ObjectAsync(Jane.ToString(), ProcessingPurpose.Marketing, Ct);
        await rights.WithdrawObjectionAsync(Jane.ToString(), ProcessingPurpose.Marketing, Ct);
        var actions = (await AllEventsAsync()).Select(e => e.Event.Action).ToList();
        Assert.Equal([AccessAction.Restrict, AccessAction.LiftRestriction, AccessAction.RecordObjection, AccessAction.WithdrawObjection], actions);
    }

    [Fact]
    public async Task A_retention_purge_records_its_deletes_and_one_purge_event_per_entity_type()
    {
        await using (var retention = NewRetention())
        {
            var old = DateTime.UtcNow.AddDays(-60);
            retention.Audit.AddRange(
                new AuditEntry { SubjectId = Jane, Email = JaneEmail, CreatedAt = old },
                new AuditEntry { SubjectId = Guid.NewGuid(), Email = "other@example.org", CreatedAt = old },
                new AuditEntry { SubjectId = Guid.NewGuid(), Email = "recent@example.org", CreatedAt = DateTime.UtcNow });
            await retention.SaveChangesAsync(Ct);
        }

        await Services.GetRequiredService<RetentionPurger>().PurgeAsync(dryRun: false, Ct);
        var events = await AllEventsAsync();
        var purge = Assert.Single(events, e => e.Event.Action == AccessAction.Purge).Event;
        Assert.Equal(("AuditEntry", 2, "PrivacyGuard.Retention", "LegalObligation"), (purge.Resource, purge.Count, purge.Actor, purge.Purpose.Name));
        Assert.Equal([PersonalDataCategory.Email], purge.Categories);
        var deletes = events.Where(e => e.Event.Action == AccessAction.Delete).ToList();
        Assert.Equal(2, deletes.Count);
        Assert.Contains(deletes, d => d.Event.SubjectToken == Log.TokenizeSubject(Jane.ToString()));
        Assert.All(deletes, d => Assert.Equal("PrivacyGuard.Retention", d.Event.Actor));
    }

    [Fact]
    public async Task A_save_refused_by_a_restriction_is_recorded_as_denied()
    {
        await Services.GetRequiredService<IDataSubjectRights>().RestrictAsync(Jane.ToString(), RestrictionReason.AccuracyContested, Ct);
        await using (var accounts = NewAccounts())
        {
            accounts.Accounts.Add(NewAccount(Jane, JaneEmail));
            await Assert.ThrowsAsync<ProcessingRestrictedException>(() => accounts.SaveChangesAsync(Ct));
        }

        var denied = Assert.Single(await AllEventsAsync(), e => e.Event.Outcome == AccessOutcome.Denied).Event;
        Assert.Equal((AccessAction.Write, "AccountsDbContext", "processing-restricted"), (denied.Action, denied.Resource, denied.Reason));
    }

    [Fact]
    public async Task No_raw_subject_id_email_name_or_address_reaches_the_events_table_or_the_log()
    {
        await SaveJaneAsync();
        await using (var accounts = NewAccounts())
        {
            await accounts.Accounts.Where(a => a.Id == Jane).ToListAsync(Ct);
        }

        await Services.GetRequiredService<IDataSubjectRights>().ExportAsync(Jane.ToString(), Ct);
        var cells = await RawStoreCellsAsync("access_events");
        Assert.NotEmpty(cells);
        var forbidden = new[] { Jane.ToString(), JaneEmail, "jane.doe", JaneName, JaneIp };
        foreach (var value in forbidden)
        {
            Assert.DoesNotContain(cells, c => c.Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(Logs.Entries, e => e.Message.Contains(value, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Contains(Logs.Entries, e => e.Category == "PrivacyGuard.AccessLog" && e.EventId.Id == 9100);
    }

    [Fact]
    public async Task A_save_fails_closed_and_saves_nothing_when_the_log_cannot_be_written()
    {
        await DropHeadsTableAsync();
        await using (var accounts = NewAccounts())
        {
            accounts.Accounts.Add(NewAccount(Jane, JaneEmail));
            await Assert.ThrowsAsync<AccessLogUnavailableException>(() => accounts.SaveChangesAsync(Ct));
            Assert.Equal(JaneEmail, accounts.Accounts.Local.Single().Email); // the entity is left as it was
        }

        await using var connection = CreateRawConnection("accounts");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM \"Accounts\"";
        Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_query_fails_closed_when_its_reads_cannot_be_recorded()
    {
        await SaveJaneAsync();
        await DropHeadsTableAsync();
        await using var accounts = NewAccounts();
        await Assert.ThrowsAsync<AccessLogUnavailableException>(() => accounts.Accounts.ToListAsync(Ct));
    }

    [Fact]
    public async Task In_log_only_mode_a_save_goes_through_and_the_failure_is_logged()
    {
        await _services!.DisposeAsync();
        await StartAsync(AccessLogFailureMode.LogOnly);
        await DropHeadsTableAsync();
        await SaveJaneAsync();
        await using var accounts = NewAccounts();
        Assert.Single(await accounts.Accounts.ToListAsync(Ct));
        Assert.Contains(Logs.Entries, e => e.EventId.Id == 9101 && e.Level == LogLevel.Error);
    }

    private IAccessLogReader Reader => Services.GetRequiredService<IAccessLogReader>();

    private async Task StartAsync(AccessLogFailureMode mode)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddDbContext<AccountsDbContext>((sp, o) => UseAccountsDatabase(o.UsePrivacyGuard(sp)));
        services.AddDbContext<TicketsDbContext>((sp, o) => UseTicketsDatabase(o.UsePrivacyGuard(sp)));
        services.AddDbContext<RetentionDbContext>((sp, o) => UseRetentionDatabase(o.UsePrivacyGuard(sp)));
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(ConfigureStore).AddAccessLog(o => o.OnFailure = mode).AddEntityFrameworkCore()
            .AddSubjectRights<AccountsDbContext>()
            .AddSubjectRights<TicketsDbContext>()
            .AddRetention<RetentionDbContext>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }
    }

    private AccountsDbContext NewAccounts()
    {
        var options = new DbContextOptionsBuilder<AccountsDbContext>();
        UseAccountsDatabase(options);
        options.UsePrivacyGuard(Services);
        return new AccountsDbContext(options.Options);
    }

    private TicketsDbContext NewTickets()
    {
        var options = new DbContextOptionsBuilder<TicketsDbContext>();
        UseTicketsDatabase(options);
        options.UsePrivacyGuard(Services);
        return new TicketsDbContext(options.Options);
    }

    private RetentionDbContext NewRetention()
    {
        var options = new DbContextOptionsBuilder<RetentionDbContext>();
        UseRetentionDatabase(options);
        options.UsePrivacyGuard(Services);
        return new RetentionDbContext(options.Options);
    }

    /// <summary>Saves <paramref name="count"/> accounts of new subjects, each with its own e-mail; returns their ids.</summary>
    private async Task<List<Guid>> AddAccountsAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await using var accounts = NewAccounts();
        accounts.Accounts.AddRange(ids.Select(id => NewAccount(id, id + "@example.org")));
        await accounts.SaveChangesAsync(Ct);
        return ids;
    }

    private static Account NewAccount(Guid id, string email) =>
        new() { Id = id, Email = email, SignUpIp = JaneIp, RealName = JaneName, SearchableName = JaneName, Plan = "pro" };

    private async Task SaveJaneAsync()
    {
        await using var accounts = NewAccounts();
        accounts.Accounts.Add(NewAccount(Jane, JaneEmail));
        await accounts.SaveChangesAsync(Ct);
    }

    private async Task<List<RecordedAccessEvent>> AllEventsAsync()
    {
        var list = new List<RecordedAccessEvent>();
        await foreach (var e in Reader.QueryAsync(new AccessLogQuery { Limit = 10_000 }, Ct))
        {
            list.Add(e);
        }

        return [.. list.OrderBy(e => e.Chain, StringComparer.Ordinal).ThenBy(e => e.Sequence)];
    }

    private string Table(string name) =>
        StoreOptions.Provider == PrivacyStoreProvider.PostgreSql ? $"\"{StoreOptions.Schema}\".\"{name}\"" : $"\"{name}\"";

    // One multi-row INSERT (PostgreSQL, up to 500 events), one binary COPY (PostgreSQL, more), or one prepared statement
    // stepped in-process (SQLite); then the head. Whatever the batch's size.
    private static long InsertAndHeadCommands(int events) => events > 0 ? 2 : 0;

    private DbConnection CreateStoreConnection() =>
        StoreOptions.Provider == PrivacyStoreProvider.PostgreSql
            ? new NpgsqlConnection(StoreOptions.ConnectionString)
            : new SqliteConnection(StoreOptions.ResolveSqliteConnectionString());

    private async Task DropHeadsTableAsync()
    {
        await using var connection = CreateStoreConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP TABLE {Table("access_log_heads")}";
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<List<string>> RawStoreCellsAsync(string table)
    {
        await using var connection = CreateStoreConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {Table(table)}";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var cells = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                cells.Add(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "");
            }
        }

        return cells;
    }
}
