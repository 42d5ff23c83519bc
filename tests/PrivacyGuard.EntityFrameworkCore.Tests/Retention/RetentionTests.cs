using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.EntityFrameworkCore.Retention;
using PrivacyGuard.Restriction;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Retention;

/// <summary>
/// The retention purge on a real database, with a clock the test sets: expired rows deleted or anonymized per policy,
/// fresh rows kept, dry runs, batches, restricted subjects, and the background service. One subclass per provider.
/// </summary>
public abstract class RetentionTests : IAsyncLifetime
{
    private const string JaneName = "Jane Doe";
    private const string JaneNote = "Deliver to 12 Elm Street";
    private const string JaneEmail = "jane.doe@example.org";

    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private ServiceProvider? _services;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not started.");

    protected ManualTime Time { get; } = new(Start);

    protected RetentionPurger Purger => Services.GetRequiredService<RetentionPurger>();

    protected Guid Jane { get; } = Guid.NewGuid();

    protected Guid John { get; } = Guid.NewGuid();

    protected abstract ValueTask CreateDatabasesAsync();

    protected abstract void ConfigureStore(PrivacyStoreOptions options);

    protected abstract void UseDatabase(DbContextOptionsBuilder options);

    protected abstract DbConnection CreateRawConnection();

    public virtual async ValueTask InitializeAsync()
    {
        await CreateDatabasesAsync();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<TimeProvider>(Time);
        services.AddDbContext<RetentionDbContext>((sp, o) => UseDatabase(o.UsePrivacyGuard(sp)));
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(ConfigureStore).AddEntityFrameworkCore()
            .AddRetention<RetentionDbContext>(o => o.BatchSize = 500)
            .AddRetention<RetentionDbContext>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync(Ct);
        db.Audit.AddRange(
            new AuditEntry { SubjectId = Jane, Email = JaneEmail, CreatedAt = Ago(40) },
            new AuditEntry { SubjectId = John, Email = "john@example.org", CreatedAt = Ago(31) },
            new AuditEntry { SubjectId = Jane, Email = JaneEmail, CreatedAt = Ago(10) });
        db.Purchases.AddRange(
            new Purchase { CustomerId = Jane, CustomerName = JaneName, Note = JaneNote, Sku = "old-1", PlacedAt = Start.AddDays(-400) },
            new Purchase { CustomerId = John, CustomerName = "John Roe", Note = "Gift wrap", Sku = "old-2", PlacedAt = Start.AddDays(-366) },
            new Purchase { CustomerId = Jane, CustomerName = JaneName, Note = JaneNote, Sku = "fresh", PlacedAt = Start.AddDays(-30) });
        db.Logins.AddRange(
            new LoginAttempt { Outcome = "failed", At = Ago(8) },
            new LoginAttempt { Outcome = "ok", At = Ago(1) });
        await db.SaveChangesAsync(Ct);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            foreach (var hosted in _services.GetServices<IHostedService>())
            {
                await hosted.StopAsync(CancellationToken.None);
            }

            await _services.DisposeAsync();
        }
    }

    protected RetentionDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<RetentionDbContext>();
        UseDatabase(options);
        options.UsePrivacyGuard(Services);
        return new RetentionDbContext(options.Options);
    }

    private static DateTime Ago(int days) => Start.UtcDateTime.AddDays(-days);

    private async Task<List<string>> RawCellsAsync(string table)
    {
        await using var connection = CreateRawConnection();
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

    private async Task<long> RawCountAsync(string sql)
    {
        await using var connection = CreateRawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }

    private static RetentionEntityReport Entity(RetentionReport report, string name) => report.Entities.Single(e => e.Entity == name);

    [Fact]
    public async Task Purge_deletes_or_anonymizes_expired_rows_per_policy_and_keeps_fresh_rows()
    {
        var report = await Purger.PurgeAsync(dryRun: false, Ct);

        Assert.False(report.DryRun);
        Assert.Equal(Start, report.Now);
        Assert.Equal((2, 2, 0), (Entity(report, nameof(AuditEntry)).Expired, Entity(report, nameof(AuditEntry)).Deleted, Entity(report, nameof(AuditEntry)).Anonymized));
        Assert.Equal((2, 0, 2), (Entity(report, nameof(Purchase)).Expired, Entity(report, nameof(Purchase)).Deleted, Entity(report, nameof(Purchase)).Anonymized));
        Assert.Equal((1, 1, 0), (Entity(report, nameof(LoginAttempt)).Expired, Entity(report, nameof(LoginAttempt)).Deleted, Entity(report, nameof(LoginAttempt)).Anonymized));
        Assert.Equal(nameof(RetentionDbContext), Entity(report, nameof(Purchase)).Context);

        Assert.Equal(1, await RawCountAsync("""SELECT COUNT(*) FROM "Audit" """));
        Assert.Equal(1, await RawCountAsync("""SELECT COUNT(*) FROM "Logins" """));
        Assert.Equal(3, await RawCountAsync("""SELECT COUNT(*) FROM "Purchases" """));
        Assert.Equal(2, await RawCountAsync("""SELECT COUNT(*) FROM "Purchases" WHERE "CustomerName" IS NULL AND "Note" IS NULL AND "CustomerNameBlindIndex" IS NULL"""));

        await using var db = NewContext();
        var fresh = await db.Purchases.SingleAsync(p => p.Sku == "fresh", Ct);
        Assert.Equal(JaneName, fresh.CustomerName);
        Assert.Equal(JaneNote, fresh.Note);
        var old = await db.Purchases.SingleAsync(p => p.Sku == "old-1", Ct);
        Assert.Null(old.CustomerName);
        Assert.Null(old.Note);
        Assert.Equal(Ago(10), (await db.Audit.SingleAsync(Ct)).CreatedAt);
        Assert.Equal("ok", (await db.Logins.SingleAsync(Ct)).Outcome);
    }

    [Fact]
    public async Task Anonymized_rows_hold_no_plaintext_in_the_database()
    {
        await using (var db = NewContext())
        {
            db.Purchases.RemoveRange(db.Purchases.Where(p => p.Sku == "fresh"));
            db.Audit.RemoveRange(db.Audit);
            await db.SaveChangesAsync(Ct);
        }

        await Purger.PurgeAsync(dryRun: false, Ct);

        var cells = await RawCellsAsync("Purchases");
        Assert.Contains(cells, c => c == "old-1");
        foreach (var secret in new[] { JaneName, JaneNote, "Jane", "Elm Street", "John Roe", "Gift wrap" })
        {
            Assert.False(RawTables.HasPlaintext(cells, secret), secret);
        }
    }

    [Fact]
    public async Task Purge_of_a_row_with_dependents_through_an_optional_relationship_completes_and_keeps_them()
    {
        await using (var db = NewContext())
        {
            var expired = await db.Logins.SingleAsync(l => l.At < Start.UtcDateTime.AddDays(-7), Ct);
            db.Add(new LoginNote { LoginAttemptId = expired.Id, Text = "locked" });
            await db.SaveChangesAsync(Ct);
        }

        var report = await Purger.PurgeAsync(dryRun: false, Ct);

        // Without the note tracked, deleting the attempt would fail on its foreign key at every run.
        Assert.Equal(1, Entity(report, nameof(LoginAttempt)).Deleted);
        await using var check = NewContext();
        var note = await check.Set<LoginNote>().AsNoTracking().SingleAsync(Ct);
        Assert.Equal((null, "locked"), (note.LoginAttemptId, note.Text));
    }

    [Fact]
    public async Task Dry_run_reports_expired_counts_and_changes_nothing()
    {
        var report = await Purger.PurgeAsync(dryRun: true, Ct);

        Assert.True(report.DryRun);
        Assert.Equal(5, report.Expired);
        Assert.Equal(0, report.Deleted);
        Assert.Equal(0, report.Anonymized);
        Assert.Equal(2, Entity(report, nameof(Purchase)).Expired);
        Assert.Equal(3, await RawCountAsync("""SELECT COUNT(*) FROM "Audit" """));
        Assert.Equal(2, await RawCountAsync("""SELECT COUNT(*) FROM "Logins" """));
        Assert.Equal(0, await RawCountAsync("""SELECT COUNT(*) FROM "Purchases" WHERE "CustomerName" IS NULL"""));
    }

    [Fact]
    public async Task Rows_expire_as_the_clock_moves_without_waiting()
    {
        Assert.Equal(5, (await Purger.PurgeAsync(dryRun: true, Ct)).Expired);

        Time.Now = Start.AddDays(25);

        var report = await Purger.PurgeAsync(dryRun: true, Ct);
        Assert.Equal(3, Entity(report, nameof(AuditEntry)).Expired);
        Assert.Equal(2, Entity(report, nameof(LoginAttempt)).Expired);
    }

    [Fact]
    public async Task Batches_larger_than_the_batch_size_are_purged_completely()
    {
        await using (var db = NewContext())
        {
            for (var i = 0; i < 1203; i++)
            {
                db.Audit.Add(new AuditEntry { SubjectId = John, Email = $"bulk{i}@example.org", CreatedAt = Ago(100) });
                db.Purchases.Add(new Purchase { CustomerId = John, CustomerName = "Bulk Buyer", Note = $"bulk {i}", Sku = "bulk", PlacedAt = Start.AddDays(-500) });
            }

            await db.SaveChangesAsync(Ct);
        }

        var report = await Purger.PurgeAsync(dryRun: false, Ct);

        Assert.Equal((1205, 1205), (Entity(report, nameof(AuditEntry)).Expired, Entity(report, nameof(AuditEntry)).Deleted));
        Assert.Equal((1205, 1205), (Entity(report, nameof(Purchase)).Expired, Entity(report, nameof(Purchase)).Anonymized));
        Assert.Equal(1, await RawCountAsync("""SELECT COUNT(*) FROM "Audit" """));
        Assert.Equal(1205, await RawCountAsync("""SELECT COUNT(*) FROM "Purchases" WHERE "CustomerName" IS NULL AND "Note" IS NULL"""));
        Assert.Equal(1, await RawCountAsync("""SELECT COUNT(*) FROM "Purchases" WHERE "CustomerName" IS NOT NULL"""));
    }

    [Fact]
    public async Task Expired_rows_of_a_restricted_subject_are_purged_as_a_legal_obligation()
    {
        await Services.GetRequiredService<IRestrictionRegistry>().RestrictAsync(Jane.ToString(), RestrictionReason.LegalClaims, Ct);

        var report = await Purger.PurgeAsync(dryRun: false, Ct);

        Assert.Equal(2, Entity(report, nameof(AuditEntry)).Deleted);
        Assert.Equal(2, Entity(report, nameof(Purchase)).Anonymized);
        Assert.Equal(0, await RawCountAsync($"""SELECT COUNT(*) FROM "Purchases" WHERE "Sku" = 'old-1' AND "CustomerName" IS NOT NULL"""));
        Assert.Equal(1, await RawCountAsync("""SELECT COUNT(*) FROM "Audit" """));
    }

    [Fact]
    public async Task The_background_service_runs_the_configured_mode_and_survives_a_failing_run()
    {
        var service = Services.GetRequiredService<RetentionService>();
        var report = await service.RunOnceAsync(Ct);
        Assert.NotNull(report);
        Assert.Equal((5, 3, 2), (report.Expired, report.Deleted, report.Anonymized));

        await using (var connection = CreateRawConnection())
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = """DROP TABLE "LoginNote"; DROP TABLE "Logins" """;
            await command.ExecuteNonQueryAsync(Ct);
        }

        Assert.Null(await service.RunOnceAsync(Ct));
    }
}
