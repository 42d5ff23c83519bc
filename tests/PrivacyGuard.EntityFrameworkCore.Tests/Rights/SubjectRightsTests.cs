using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore.Tests.Interception;
using PrivacyGuard.Keys;
using PrivacyGuard.Restriction;
using PrivacyGuard.Rights;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Rights;

/// <summary>
/// The data-subject rights service over two application contexts on a real database: export, erasure (shred, then delete
/// or anonymize per policy, idempotent and crash-safe), rectification, restriction and objection. One subclass per provider.
/// </summary>
public abstract class SubjectRightsTests : IAsyncLifetime
{
    private const string JaneName = "Jane Doe";
    private const string JaneEmail = "jane.doe@example.org";
    private const string JaneBody = "My parcel never arrived at 12 Elm Street";
    private const string JohnName = "John Roe";

    private ServiceProvider? _services;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not started.");

    protected IDataSubjectRights Rights => Services.GetRequiredService<IDataSubjectRights>();

    protected Guid Jane { get; } = Guid.NewGuid();

    protected Guid John { get; } = Guid.NewGuid();

    protected abstract ValueTask CreateDatabasesAsync();

    protected abstract void ConfigureStore(PrivacyStoreOptions options);

    protected abstract void UseAccountsDatabase(DbContextOptionsBuilder options);

    protected abstract void UseTicketsDatabase(DbContextOptionsBuilder options);

    protected abstract DbConnection CreateRawConnection(bool tickets);

    public virtual async ValueTask InitializeAsync()
    {
        await CreateDatabasesAsync();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddDbContext<AccountsDbContext>((sp, o) => UseAccountsDatabase(o.UsePrivacyGuard(sp)));
        services.AddDbContext<TicketsDbContext>((sp, o) => UseTicketsDatabase(o.UsePrivacyGuard(sp)));
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(ConfigureStore).AddEntityFrameworkCore()
            .AddSubjectRights<AccountsDbContext>()
            .AddSubjectRights<TicketsDbContext>()
            .AddSubjectRights<AccountsDbContext>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        await using (var accounts = NewAccounts())
        {
            await accounts.Database.EnsureCreatedAsync(Ct);
        }

        await using (var tickets = NewTickets())
        {
            await tickets.Database.EnsureCreatedAsync(Ct);
        }

        await SeedAsync(Jane, JaneName, JaneEmail, JaneBody);
        await SeedAsync(John, JohnName, "john.roe@example.org", "Invoice question");
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    protected AccountsDbContext NewAccounts()
    {
        var options = new DbContextOptionsBuilder<AccountsDbContext>();
        UseAccountsDatabase(options);
        options.UsePrivacyGuard(Services);
        return new AccountsDbContext(options.Options);
    }

    protected TicketsDbContext NewTickets()
    {
        var options = new DbContextOptionsBuilder<TicketsDbContext>();
        UseTicketsDatabase(options);
        options.UsePrivacyGuard(Services);
        return new TicketsDbContext(options.Options);
    }

    private async Task SeedAsync(Guid subject, string name, string email, string body)
    {
        await using (var accounts = NewAccounts())
        {
            accounts.Accounts.Add(new Account { Id = subject, Email = email, SignUpIp = "198.51.100.9", RealName = name, Settings = "{\"theme\":\"dark\"}", Plan = "pro" });
            await accounts.SaveChangesAsync(Ct);
        }

        await using var tickets = NewTickets();
        tickets.Tickets.Add(new SupportTicket { CustomerId = subject, ContactName = name, ContactEmail = email, Body = body, Topic = "delivery" });
        tickets.Newsletters.Add(new Newsletter { SubscriberId = subject.ToString(), Address = email });
        await tickets.SaveChangesAsync(Ct);
    }

    /// <summary>Every cell of every row of a table, as text (binary as UTF-8), straight from the database.</summary>
    private async Task<List<string>> RawCellsAsync(bool tickets, string table)
    {
        await using var connection = CreateRawConnection(tickets);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var cells = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.GetValue(i);
                cells.Add(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
            }
        }

        return cells;
    }

    private async Task<long> RawCountAsync(bool tickets, string sql)
    {
        await using var connection = CreateRawConnection(tickets);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }

    private static ExportField Field(SubjectExport export, string entity, string name) =>
        export.Records.Single(r => r.Entity == entity).Fields.Single(f => f.Name == name);

    [Fact]
    public async Task Export_covers_every_context_decrypts_and_marks_tokens_pseudonymized_with_categories()
    {
        var export = await Rights.ExportAsync(Jane.ToString(), Ct);

        Assert.Equal("privacyguard-export/1", export.Format);
        Assert.Equal(Jane.ToString(), export.Subject);
        Assert.False(export.Erased);
        Assert.Equal(["Account", "Newsletter", "SupportTicket"], export.Records.Select(r => r.Entity).Order(StringComparer.Ordinal));
        Assert.Equal(Jane.ToString(), export.Records.Single(r => r.Entity == "Account").Key["Id"], ignoreCase: true);

        var realName = Field(export, "Account", nameof(Account.RealName));
        Assert.Equal((JaneName, PersonalDataCategory.Name, Treatment.Encrypt, ExportFieldState.Plaintext), (realName.Value, realName.Category, realName.Treatment, realName.State));
        Assert.Equal("{\"theme\":\"dark\"}", Field(export, "Account", nameof(Account.Settings)).Value);
        Assert.Equal(JaneBody, Field(export, "SupportTicket", nameof(SupportTicket.Body)).Value);
        Assert.Equal(JaneName, Field(export, "SupportTicket", nameof(SupportTicket.ContactName)).Value);

        var email = Field(export, "Account", nameof(Account.Email));
        Assert.Equal((PersonalDataCategory.Email, ExportFieldState.Pseudonymized), (email.Category, email.State));
        Assert.NotNull(email.Value);
        Assert.NotEqual(JaneEmail, email.Value);
        Assert.Equal(ExportFieldState.Pseudonymized, Field(export, "Account", nameof(Account.SignUpIp)).State);
        Assert.Equal(ExportFieldState.Plaintext, Field(export, "Account", nameof(Account.UserName)).State);
        Assert.Null(Field(export, "Account", nameof(Account.UserName)).Value);
    }

    [Fact]
    public async Task Export_round_trips_through_json_in_the_documented_shape()
    {
        var export = await Rights.ExportAsync(Jane.ToString(), Ct);
        var json = export.ToJson(indented: true);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("privacyguard-export/1", root.GetProperty("format").GetString());
        Assert.Equal(Jane.ToString(), root.GetProperty("subject").GetString());
        Assert.False(root.GetProperty("erased").GetBoolean());
        Assert.True(root.TryGetProperty("exportedAt", out _));
        var account = root.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("entity").GetString() == "Account");
        var realName = account.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "RealName");
        Assert.Equal("Name", realName.GetProperty("category").GetString());
        Assert.Equal("Encrypt", realName.GetProperty("treatment").GetString());
        Assert.Equal(JaneName, realName.GetProperty("value").GetString());
        Assert.Equal("plaintext", realName.GetProperty("state").GetString());
        var email = account.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Email");
        Assert.Equal("pseudonymized", email.GetProperty("state").GetString());

        var back = SubjectExport.FromJson(json);
        Assert.Equal(export.Subject, back.Subject);
        Assert.Equal(export.ExportedAt, back.ExportedAt);
        Assert.Equal(json, back.ToJson(indented: true));
    }

    [Fact]
    public async Task Export_does_not_include_other_subjects()
    {
        var export = await Rights.ExportAsync(Jane.ToString(), Ct);
        var json = export.ToJson();

        Assert.Equal(3, export.Records.Count);
        Assert.DoesNotContain(JohnName, json, StringComparison.Ordinal);
        Assert.DoesNotContain(John.ToString(), json, StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await Rights.ExportAsync(Guid.NewGuid().ToString(), Ct)).Records);
        Assert.Empty((await Rights.ExportAsync("not-a-guid", Ct)).Records);
    }

    [Fact]
    public async Task Export_of_a_restricted_subject_works_as_a_legal_obligation()
    {
        await Rights.RestrictAsync(Jane.ToString(), RestrictionReason.LegalClaims, Ct);
        await Rights.ObjectAsync(Jane.ToString(), ProcessingPurpose.Marketing, Ct);

        var export = await Rights.ExportAsync(Jane.ToString(), Ct);

        Assert.True(export.Restricted);
        Assert.Equal(["Marketing"], export.Objections);
        Assert.Equal(JaneName, Field(export, "Account", nameof(Account.RealName)).Value);
    }

    [Fact]
    public async Task Restrict_and_object_through_the_service_are_enforced_by_queries()
    {
        await Rights.RestrictAsync(Jane.ToString(), RestrictionReason.AccuracyContested, Ct);
        await using (var db = NewAccounts())
        {
            Assert.Equal([John], await db.Accounts.Select(a => a.Id).ToListAsync(Ct));
        }

        await Rights.LiftRestrictionAsync(Jane.ToString(), Ct);
        await Rights.ObjectAsync(Jane.ToString(), ProcessingPurpose.Marketing, Ct);
        var scope = Services.GetRequiredService<IPrivacyScope>();
        await using (var db = NewAccounts())
        {
            Assert.Equal(2, await db.Accounts.CountAsync(Ct));
            using (scope.BeginScope(ProcessingPurpose.Marketing, "test"))
            {
                Assert.Equal([John], await db.Accounts.Select(a => a.Id).ToListAsync(Ct));
            }
        }

        await Rights.WithdrawObjectionAsync(Jane.ToString(), ProcessingPurpose.Marketing, Ct);
        await using (var db = NewAccounts())
        {
            using (scope.BeginScope(ProcessingPurpose.Marketing, "test"))
            {
                Assert.Equal(2, await db.Accounts.CountAsync(Ct));
            }
        }
    }

    [Fact]
    public async Task Rectify_changes_the_value_of_a_restricted_subject_and_protects_it_as_any_save()
    {
        await Rights.RestrictAsync(Jane.ToString(), RestrictionReason.AccuracyContested, Ct);

        Assert.Equal(1, await Rights.RectifyAsync(Jane.ToString(), "Account", nameof(Account.RealName), "Jane Smith", Ct));

        var export = await Rights.ExportAsync(Jane.ToString(), Ct);
        Assert.Equal("Jane Smith", Field(export, "Account", nameof(Account.RealName)).Value);
        Assert.DoesNotContain(await RawCellsAsync(tickets: false, "Accounts"), c => c.Contains("Jane Smith", StringComparison.Ordinal));
        await Assert.ThrowsAsync<ArgumentException>(() => Rights.RectifyAsync(Jane.ToString(), "Account", nameof(Account.Plan), "x", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Rights.RectifyAsync(Jane.ToString(), "Nope", "X", "x", Ct));
    }

    [Fact]
    public async Task Erase_deletes_or_anonymizes_per_policy_leaves_no_plaintext_and_other_subjects_untouched()
    {
        var result = await Rights.EraseAsync(Jane.ToString(), Ct);

        Assert.Equal(new ErasureResult(KeyShredded: true, Deleted: 2, Anonymized: 1), result);
        Assert.Equal(1, await RawCountAsync(tickets: false, """SELECT COUNT(*) FROM "Accounts" """));
        Assert.Equal(2, await RawCountAsync(tickets: true, """SELECT COUNT(*) FROM "Tickets" """));
        Assert.Equal(1, await RawCountAsync(tickets: true, """SELECT COUNT(*) FROM "Newsletters" """));
        Assert.Equal(1, await RawCountAsync(tickets: true, """SELECT COUNT(*) FROM "Tickets" WHERE "ContactName" IS NULL AND "ContactEmail" IS NULL AND "ContactNameBlindIndex" IS NULL"""));

        var cells = (await RawCellsAsync(false, "Accounts")).Concat(await RawCellsAsync(true, "Tickets")).Concat(await RawCellsAsync(true, "Newsletters")).ToList();
        foreach (var secret in new[] { JaneName, JaneEmail, JaneBody, "Jane", "jane.doe" })
        {
            Assert.False(RawTables.HasPlaintext(cells, secret), secret);
        }

        await using var tickets = NewTickets();
        var kept = await tickets.Tickets.SingleAsync(t => t.CustomerId == Jane, Ct);
        Assert.Equal("delivery", kept.Topic);
        Assert.Null(kept.ContactName);
        Assert.Null(kept.Body);
        Assert.True(tickets.IsErased(kept, nameof(SupportTicket.Body)));
        var john = await tickets.Tickets.SingleAsync(t => t.CustomerId == John, Ct);
        Assert.Equal(JohnName, john.ContactName);
        await using var accounts = NewAccounts();
        Assert.Equal(JohnName, (await accounts.Accounts.SingleAsync(Ct)).RealName);
        Assert.Equal(3, (await Rights.ExportAsync(John.ToString(), Ct)).Records.Count);
    }

    [Fact]
    public async Task Erase_twice_is_fine()
    {
        await Rights.EraseAsync(Jane.ToString(), Ct);
        var again = await Rights.EraseAsync(Jane.ToString(), Ct);

        Assert.False(again.KeyShredded);
        Assert.Equal(0, again.Deleted);
        Assert.Equal(1, again.Anonymized);
        Assert.Equal(2, await RawCountAsync(tickets: true, """SELECT COUNT(*) FROM "Tickets" """));
    }

    [Fact]
    public async Task Erase_after_a_crash_between_shred_and_rows_converges()
    {
        // The previous run shredded the key, then stopped before touching any row.
        Assert.True(await Services.GetRequiredService<SubjectKeyService>().ShredAsync(Jane.ToString(), Ct));

        var result = await Rights.EraseAsync(Jane.ToString(), Ct);

        Assert.Equal(new ErasureResult(KeyShredded: false, Deleted: 2, Anonymized: 1), result);
        Assert.Equal(1, await RawCountAsync(tickets: false, """SELECT COUNT(*) FROM "Accounts" """));
        Assert.Equal(1, await RawCountAsync(tickets: true, """SELECT COUNT(*) FROM "Tickets" WHERE "ContactName" IS NULL"""));
    }

    [Fact]
    public async Task Export_after_erase_reports_erased_and_no_values()
    {
        await Rights.EraseAsync(Jane.ToString(), Ct);

        var export = await Rights.ExportAsync(Jane.ToString(), Ct);

        Assert.True(export.Erased);
        var ticket = Assert.Single(export.Records);
        Assert.Equal("SupportTicket", ticket.Entity);
        Assert.All(ticket.Fields, f => Assert.Null(f.Value));
        Assert.Equal(ExportFieldState.Erased, ticket.Fields.Single(f => f.Name == nameof(SupportTicket.Body)).State);
        Assert.Equal(ExportFieldState.Erased, ticket.Fields.Single(f => f.Name == nameof(SupportTicket.ContactName)).State);
    }

    [Fact]
    public async Task Erase_of_a_restricted_subject_works_as_a_legal_obligation()
    {
        await Rights.RestrictAsync(Jane.ToString(), RestrictionReason.UnlawfulProcessing, Ct);

        var result = await Rights.EraseAsync(Jane.ToString(), Ct);

        Assert.Equal(2, result.Deleted);
        Assert.Equal(1, await RawCountAsync(tickets: false, """SELECT COUNT(*) FROM "Accounts" """));
    }

    [Fact]
    public async Task Rectify_of_an_erased_subject_is_refused_and_creates_no_key()
    {
        await Rights.EraseAsync(Jane.ToString(), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Rights.RectifyAsync(Jane.ToString(), "SupportTicket", nameof(SupportTicket.ContactName), "Jane", Ct));
        Assert.True((await Rights.ExportAsync(Jane.ToString(), Ct)).Erased);
        Assert.False((await Rights.EraseAsync(Jane.ToString(), Ct)).KeyShredded);
    }

    [Fact]
    public async Task Derived_entities_are_exported_and_erased_through_their_root()
    {
        await using (var db = NewAccounts())
        {
            db.People.Add(new Member { Id = Jane, Name = JaneName, Level = 3 });
            await db.SaveChangesAsync(Ct);
        }

        var member = Assert.Single((await Rights.ExportAsync(Jane.ToString(), Ct)).Records, r => r.Entity == "Member");
        Assert.Equal(JaneName, Assert.Single(member.Fields).Value);

        Assert.Equal(3, (await Rights.EraseAsync(Jane.ToString(), Ct)).Deleted);
        Assert.Equal(0, await RawCountAsync(tickets: false, """SELECT COUNT(*) FROM "People" """));
    }

    [Fact]
    public async Task Rows_restored_from_an_old_backup_after_erasure_stay_erased_and_a_rerun_clears_them()
    {
        int ticketId;
        string oldName;
        string oldBody;
        await using (var tickets = NewTickets())
        {
            ticketId = (await tickets.Tickets.AsNoTracking().SingleAsync(t => t.CustomerId == Jane, Ct)).Id;
        }

        await using (var connection = CreateRawConnection(tickets: true))
        {
            await connection.OpenAsync(Ct);
            await using var select = connection.CreateCommand();
            select.CommandText = $"""SELECT "ContactName", "Body" FROM "Tickets" WHERE "Id" = {ticketId}""";
            await using var reader = await select.ExecuteReaderAsync(Ct);
            Assert.True(await reader.ReadAsync(Ct));
            (oldName, oldBody) = (reader.GetString(0), reader.GetString(1));
        }

        await Rights.EraseAsync(Jane.ToString(), Ct);

        // The backup is restored: the old ciphertext is back in the table.
        await using (var connection = CreateRawConnection(tickets: true))
        {
            await connection.OpenAsync(Ct);
            await using var update = connection.CreateCommand();
            update.CommandText = $"""UPDATE "Tickets" SET "ContactName" = @name, "Body" = @body WHERE "Id" = {ticketId}""";
            var name = update.CreateParameter();
            (name.ParameterName, name.Value) = ("name", oldName);
            var body = update.CreateParameter();
            (body.ParameterName, body.Value) = ("body", oldBody);
            update.Parameters.Add(name);
            update.Parameters.Add(body);
            Assert.Equal(1, await update.ExecuteNonQueryAsync(Ct));
        }

        await using (var tickets = NewTickets())
        {
            var restored = await tickets.Tickets.SingleAsync(t => t.Id == ticketId, Ct);
            Assert.Null(restored.ContactName);
            Assert.True(tickets.IsErased(restored, nameof(SupportTicket.ContactName)));
        }

        var export = await Rights.ExportAsync(Jane.ToString(), Ct);
        Assert.Equal(ExportFieldState.Erased, Field(export, "SupportTicket", nameof(SupportTicket.ContactName)).State);

        Assert.Equal(1, (await Rights.EraseAsync(Jane.ToString(), Ct)).Anonymized);
        Assert.Equal(1, await RawCountAsync(tickets: true, $"""SELECT COUNT(*) FROM "Tickets" WHERE "Id" = {ticketId} AND "ContactName" IS NULL"""));
    }

    [Fact]
    public async Task Erasure_by_another_spelling_of_a_guid_subject_id_shreds_the_key_its_values_are_encrypted_under()
    {
        var spelled = Jane.ToString("B").ToUpperInvariant();
        var result = await Rights.EraseAsync(spelled, Ct);

        // Jane's values are encrypted under the key of her id's canonical text: that key is gone, whatever a backup holds.
        Assert.True(result.KeyShredded);
        Assert.True(await Services.GetRequiredService<IDataKeyStore>().WasShreddedAsync(Jane.ToString(), Ct));
        Assert.True((await Rights.ExportAsync(spelled, Ct)).Erased);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Rights.RectifyAsync(spelled, nameof(SupportTicket), nameof(SupportTicket.ContactName), "Jane", Ct));
    }

    [Fact]
    public async Task A_row_moved_to_another_subject_is_encrypted_again_under_it_and_exported_with_its_values()
    {
        await using (var tickets = NewTickets())
        {
            var ticket = await tickets.Tickets.SingleAsync(t => t.CustomerId == Jane, Ct);
            ticket.CustomerId = John;
            ticket.Topic = "reassigned";
            await tickets.SaveChangesAsync(Ct);
            Assert.Equal((JaneName, JaneBody), (ticket.ContactName, ticket.Body));
        }

        await using (var reader = NewTickets())
        {
            var moved = await reader.Tickets.AsNoTracking().SingleAsync(t => t.Topic == "reassigned", Ct);
            Assert.Equal((John, JaneName, JaneBody), (moved.CustomerId, moved.ContactName, moved.Body));
            Assert.Equal(moved.Id, (await reader.Tickets.WherePersonal(t => t.ContactName, JaneName).SingleAsync(Ct)).Id);
        }

        var john = await Rights.ExportAsync(John.ToString(), Ct);
        Assert.Contains(john.Records, r => r.Entity == nameof(SupportTicket) && r.Fields.Any(f => f.Name == nameof(SupportTicket.Body) && f.Value == JaneBody));
        Assert.DoesNotContain((await Rights.ExportAsync(Jane.ToString(), Ct)).Records, r => r.Entity == nameof(SupportTicket));
    }
}
