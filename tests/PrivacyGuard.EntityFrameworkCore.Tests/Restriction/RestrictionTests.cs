using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.EntityFrameworkCore.Tests.Interception;
using PrivacyGuard.Restriction;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Restriction;

/// <summary>
/// Restriction (Art. 18) and objection (Art. 21) enforced by EF Core on a real database: restricted subjects' rows are
/// left out of queries, saves touching them are refused before anything is written, and a LegalObligation scope lifts
/// both. One subclass per provider.
/// </summary>
public abstract class RestrictionTests : IAsyncLifetime
{
    private readonly List<ServiceProvider> _instances = [];
    private ServiceProvider? _services;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not started.");

    protected IRestrictionRegistry Registry => Services.GetRequiredService<IRestrictionRegistry>();

    protected IPrivacyScope Scope => Services.GetRequiredService<IPrivacyScope>();

    protected abstract ValueTask CreateDatabasesAsync();

    protected abstract void ConfigureStore(PrivacyStoreOptions options);

    protected abstract void UseAppDatabase(DbContextOptionsBuilder options);

    protected abstract DbConnection CreateRawConnection();

    public virtual async ValueTask InitializeAsync()
    {
        await CreateDatabasesAsync();
        _services = await StartInstanceAsync();
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync(Ct);
    }

    /// <summary>Starts one application instance (its own service provider and snapshot) on the shared databases.</summary>
    protected async Task<ServiceProvider> StartInstanceAsync(Action<PrivacyScopeOptions>? scopes = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        var builder = services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(ConfigureStore).AddEntityFrameworkCore();
        if (scopes is not null)
        {
            builder.ConfigureScopes(scopes);
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _instances.Add(provider);
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        return provider;
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    protected AccountsDbContext NewContext(IServiceProvider? instance = null)
    {
        var options = new DbContextOptionsBuilder<AccountsDbContext>();
        UseAppDatabase(options);
        options.UsePrivacyGuard(instance ?? Services);
        return new AccountsDbContext(options.Options);
    }

    protected static Account NewAccount(string plan = "free") => new()
    {
        Id = Guid.NewGuid(),
        Email = "someone@example.org",
        SignUpIp = "198.51.100.9",
        RealName = "Some One",
        Plan = plan,
    };

    protected async Task<(Account Kept, Account Blocked)> SaveTwoAsync()
    {
        var kept = NewAccount();
        var blocked = NewAccount();
        await using var db = NewContext();
        db.Accounts.AddRange(kept, blocked);
        await db.SaveChangesAsync(Ct);
        return (kept, blocked);
    }

    protected async Task<long> RawCountAsync(string sql)
    {
        await using var connection = CreateRawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected async Task<string?> RawPlanAsync(Guid id)
    {
        await using var connection = CreateRawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Id", "Plan" FROM "Accounts" """;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            if (Guid.Parse(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!) == id)
            {
                return reader.GetString(1);
            }
        }

        return null;
    }

    protected static async Task<ProcessingRestrictedException> AssertRefusedAsync(Func<Task> action, Guid subject)
    {
        var e = await Assert.ThrowsAsync<ProcessingRestrictedException>(action);
        Assert.DoesNotContain(subject.ToString(), e.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(subject.ToString("N"), e.ToString(), StringComparison.OrdinalIgnoreCase);
        return e;
    }

    [Fact]
    public async Task Restricted_subjects_rows_are_left_out_of_tracked_and_no_tracking_queries_and_Count()
    {
        var (kept, blocked) = await SaveTwoAsync();
        await Registry.RestrictAsync(blocked.Id.ToString(), RestrictionReason.AccuracyContested, Ct);

        await using var db = NewContext();
        Assert.Equal([kept.Id], (await db.Accounts.ToListAsync(Ct)).Select(a => a.Id));
        Assert.Equal([kept.Id], (await db.Accounts.AsNoTracking().ToListAsync(Ct)).Select(a => a.Id));
        Assert.Equal(1, await db.Accounts.CountAsync(Ct));
        Assert.Null(await db.Accounts.FirstOrDefaultAsync(a => a.Id == blocked.Id, Ct));
        Assert.Null(await db.Accounts.FindAsync([blocked.Id], Ct));
        Assert.Equal(2, await RawCountAsync("""SELECT COUNT(*) FROM "Accounts" """));
    }

    [Fact]
    public async Task Derived_entities_of_a_restricted_subject_are_left_out_through_their_base_set()
    {
        var kept = new Member { Id = Guid.NewGuid(), Name = "Kept", Level = 1 };
        var blocked = new Member { Id = Guid.NewGuid(), Name = "Blocked", Level = 2 };
        await using (var db = NewContext())
        {
            db.People.AddRange(kept, blocked);
            await db.SaveChangesAsync(Ct);
        }

        await Registry.RestrictAsync(blocked.Id.ToString(), RestrictionReason.LegalClaims, Ct);

        await using var read = NewContext();
        Assert.Equal([kept.Id], (await read.People.AsNoTracking().ToListAsync(Ct)).Select(p => p.Id));
        Assert.Equal([kept.Id], (await read.Set<Member>().AsNoTracking().ToListAsync(Ct)).Select(p => p.Id));
    }

    [Fact]
    public async Task Updating_or_deleting_a_restricted_subjects_entity_throws_and_writes_nothing()
    {
        var (_, blocked) = await SaveTwoAsync();
        await using var db = NewContext();
        var loaded = await db.Accounts.SingleAsync(a => a.Id == blocked.Id, Ct);
        await Registry.RestrictAsync(blocked.Id.ToString(), RestrictionReason.AccuracyContested, Ct);

        loaded.Plan = "pro";
        var e = await AssertRefusedAsync(() => db.SaveChangesAsync(Ct), blocked.Id);
        Assert.Equal(ProcessingDecision.Restricted, e.Decision);
        Assert.Contains("ServiceDelivery", e.Message, StringComparison.Ordinal);
        Assert.Contains("restriction", e.Message, StringComparison.Ordinal);
        Assert.Throws<ProcessingRestrictedException>(() => db.SaveChanges());

        db.Accounts.Remove(loaded);
        await AssertRefusedAsync(() => db.SaveChangesAsync(Ct), blocked.Id);

        Assert.Equal("free", await RawPlanAsync(blocked.Id));
        Assert.Equal(2, await RawCountAsync("""SELECT COUNT(*) FROM "Accounts" """));
    }

    [Fact]
    public async Task A_subject_restricted_under_another_spelling_of_its_guid_is_refused_on_save_as_it_is_left_out_of_queries()
    {
        var (_, blocked) = await SaveTwoAsync();
        await using var db = NewContext();
        var loaded = await db.Accounts.SingleAsync(a => a.Id == blocked.Id, Ct);
        await Registry.RestrictAsync(blocked.Id.ToString("B").ToUpperInvariant(), RestrictionReason.AccuracyContested, Ct);

        await using (var read = NewContext())
        {
            Assert.Null(await read.Accounts.FirstOrDefaultAsync(a => a.Id == blocked.Id, Ct));
        }

        loaded.Plan = "pro";
        Assert.Equal(ProcessingDecision.Restricted, (await AssertRefusedAsync(() => db.SaveChangesAsync(Ct), blocked.Id)).Decision);
        Assert.Throws<ProcessingRestrictedException>(() => db.SaveChanges());
        Assert.Equal("free", await RawPlanAsync(blocked.Id));
    }

    [Fact]
    public async Task Adding_an_entity_of_a_restricted_subject_throws_and_writes_nothing()
    {
        var account = NewAccount();
        await Registry.RestrictAsync(account.Id.ToString(), RestrictionReason.UnlawfulProcessing, Ct);

        await using var db = NewContext();
        db.Accounts.Add(account);
        await AssertRefusedAsync(() => db.SaveChangesAsync(Ct), account.Id);

        Assert.Equal(0, await RawCountAsync("""SELECT COUNT(*) FROM "Accounts" """));
        Assert.Equal("Some One", account.RealName);
    }

    [Fact]
    public async Task Inside_a_LegalObligation_scope_restricted_rows_are_read_and_saved()
    {
        var (kept, blocked) = await SaveTwoAsync();
        await Registry.RestrictAsync(blocked.Id.ToString(), RestrictionReason.LegalClaims, Ct);

        using (Scope.BeginScope(ProcessingPurpose.LegalObligation, "auditor"))
        {
            await using var db = NewContext();
            Assert.Equal(2, await db.Accounts.CountAsync(Ct));
            var loaded = await db.Accounts.SingleAsync(a => a.Id == blocked.Id, Ct);
            Assert.Equal("Some One", loaded.RealName);
            loaded.Plan = "archived";
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal("archived", await RawPlanAsync(blocked.Id));
        await using var after = NewContext();
        Assert.Equal([kept.Id], await after.Accounts.Select(a => a.Id).ToListAsync(Ct));
    }

    [Fact]
    public async Task An_objection_to_Marketing_blocks_a_Marketing_scope_but_not_ServiceDelivery()
    {
        var (kept, objector) = await SaveTwoAsync();
        await Registry.ObjectAsync(objector.Id.ToString(), ProcessingPurpose.Marketing, Ct);

        using (Scope.BeginScope(ProcessingPurpose.Marketing, "newsletter"))
        {
            await using var db = NewContext();
            Assert.Equal([kept.Id], await db.Accounts.Select(a => a.Id).ToListAsync(Ct));
            db.Attach(objector).Property(a => a.Plan).IsModified = true;
            var e = await AssertRefusedAsync(() => db.SaveChangesAsync(Ct), objector.Id);
            Assert.Equal(ProcessingDecision.Objected, e.Decision);
            Assert.Contains("Marketing", e.Message, StringComparison.Ordinal);
            Assert.Contains("objected", e.Message, StringComparison.Ordinal);
        }

        using (Scope.BeginScope(ProcessingPurpose.ServiceDelivery, "app"))
        {
            await using var db = NewContext();
            Assert.Equal(2, await db.Accounts.CountAsync(Ct));
            var loaded = await db.Accounts.SingleAsync(a => a.Id == objector.Id, Ct);
            loaded.Plan = "pro";
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal("pro", await RawPlanAsync(objector.Id));
    }

    [Fact]
    public async Task Withdrawing_an_objection_and_lifting_a_restriction_readmit_the_rows()
    {
        var (_, blocked) = await SaveTwoAsync();
        var subject = blocked.Id.ToString();
        await Registry.RestrictAsync(subject, RestrictionReason.AccuracyContested, Ct);
        await Registry.ObjectAsync(subject, ProcessingPurpose.Marketing, Ct);
        await using (var db = NewContext())
        {
            Assert.Equal(1, await db.Accounts.CountAsync(Ct));
        }

        await Registry.LiftRestrictionAsync(subject, Ct);
        await using (var db = NewContext())
        {
            Assert.Equal(2, await db.Accounts.CountAsync(Ct));
            var loaded = await db.Accounts.SingleAsync(a => a.Id == blocked.Id, Ct);
            loaded.Plan = "pro";
            await db.SaveChangesAsync(Ct);
        }

        using (Scope.BeginScope(ProcessingPurpose.Marketing, "newsletter"))
        {
            await using (var db = NewContext())
            {
                Assert.Equal(1, await db.Accounts.CountAsync(Ct));
            }

            await Registry.WithdrawObjectionAsync(subject, ProcessingPurpose.Marketing, Ct);
            await using (var db = NewContext())
            {
                Assert.Equal(2, await db.Accounts.CountAsync(Ct));
            }
        }
    }

    [Fact]
    public async Task A_write_returns_only_once_this_instance_enforces_it()
    {
        var subject = Guid.NewGuid().ToString();
        await Registry.RestrictAsync(subject, RestrictionReason.AccuracyContested, Ct);
        Assert.True(Registry.IsRestricted(subject));
        Assert.Equal(ProcessingDecision.Restricted, Registry.Check(subject, ProcessingPurpose.Security));
        Assert.Equal(ProcessingDecision.Allowed, Registry.Check(subject, ProcessingPurpose.LegalObligation));

        await Registry.ObjectAsync(subject, ProcessingPurpose.Marketing, Ct);
        Assert.True(Registry.HasObjected(subject, ProcessingPurpose.Create("marketing")));

        await Registry.LiftRestrictionAsync(subject, Ct);
        Assert.False(Registry.IsRestricted(subject));
        Assert.Equal(ProcessingDecision.Objected, Registry.Check(subject, ProcessingPurpose.Marketing));

        // Idempotent: restricting twice, lifting what is not there.
        await Registry.RestrictAsync(subject, RestrictionReason.AccuracyContested, Ct);
        await Registry.RestrictAsync(subject, RestrictionReason.LegalClaims, Ct);
        await Registry.LiftRestrictionAsync(subject, Ct);
        await Registry.LiftRestrictionAsync(subject, Ct);
        Assert.False(Registry.IsRestricted(subject));
    }

    [Fact]
    public async Task Lifting_or_withdrawing_under_another_spelling_of_a_GUID_or_integer_id_removes_the_stored_one()
    {
        var guid = Guid.NewGuid();
        await Registry.RestrictAsync(guid.ToString("B").ToUpperInvariant(), RestrictionReason.AccuracyContested, Ct);
        await Registry.ObjectAsync(guid.ToString("N"), ProcessingPurpose.Marketing, Ct);
        await Registry.RestrictAsync("0042", RestrictionReason.LegalClaims, Ct);
        await Registry.RestrictAsync("acct-7", RestrictionReason.LegalClaims, Ct);
        Assert.True(Registry.IsRestricted(guid.ToString("D")));

        await Registry.LiftRestrictionAsync(guid.ToString("D"), Ct);
        await Registry.WithdrawObjectionAsync(guid.ToString("D").ToUpperInvariant(), ProcessingPurpose.Marketing, Ct);
        await Registry.LiftRestrictionAsync("42", Ct);
        await Registry.LiftRestrictionAsync("ACCT-7", Ct);

        Assert.Equal(ProcessingDecision.Allowed, Registry.Check(guid.ToString("B").ToUpperInvariant(), ProcessingPurpose.Marketing));
        Assert.False(Registry.IsRestricted("0042"));
        Assert.True(Registry.IsRestricted("acct-7"));
    }

    [Fact]
    public async Task Readers_on_other_threads_see_whole_snapshots_while_writes_go_on()
    {
        var subject = Guid.NewGuid().ToString();
        using var writing = new CancellationTokenSource();
        var reads = 0L;
        var readers = Enumerable.Range(0, 2).Select(reader => Task.Run(() =>
        {
            while (!writing.IsCancellationRequested)
            {
                var decision = Registry.Check(subject, ProcessingPurpose.Marketing);
                Assert.True(decision is ProcessingDecision.Allowed or ProcessingDecision.Restricted);
                _ = Registry.BlockedFor(ProcessingPurpose.Marketing).Contains(subject);
                Interlocked.Increment(ref reads);
            }
        }, Ct)).ToArray();

        for (var i = 0; i < 10; i++)
        {
            await Registry.RestrictAsync(subject, RestrictionReason.AccuracyContested, Ct);
            Assert.Equal(ProcessingDecision.Restricted, Registry.Check(subject, ProcessingPurpose.Marketing));
            await Registry.LiftRestrictionAsync(subject, Ct);
            Assert.Equal(ProcessingDecision.Allowed, Registry.Check(subject, ProcessingPurpose.Marketing));
        }

        await writing.CancelAsync();
        await Task.WhenAll(readers);
        Assert.True(Interlocked.Read(ref reads) > 0);
    }

    [Fact]
    public async Task A_new_instance_loads_existing_restrictions_when_it_starts()
    {
        var (kept, blocked) = await SaveTwoAsync();
        await Registry.RestrictAsync(blocked.Id.ToString(), RestrictionReason.AccuracyContested, Ct);

        var second = await StartInstanceAsync();
        Assert.True(second.GetRequiredService<IRestrictionRegistry>().IsRestricted(blocked.Id.ToString()));
        await using var db = NewContext(second);
        Assert.Equal([kept.Id], await db.Accounts.Select(a => a.Id).ToListAsync(Ct));
    }

    [Fact]
    public async Task The_applications_own_anonymous_filter_keeps_working_alongside_the_restriction()
    {
        var options = new DbContextOptionsBuilder<NotesDbContext>();
        UseAppDatabase(options);
        options.UsePrivacyGuard(Services);
        await using var db = new NotesDbContext(options.Options);
        await db.GetService<IRelationalDatabaseCreator>().CreateTablesAsync(Ct);
        db.Notes.AddRange(
            new Note { SubjectId = "kept" },
            new Note { SubjectId = "kept", Deleted = true },
            new Note { SubjectId = "blocked" });
        await db.SaveChangesAsync(Ct);
        await Registry.RestrictAsync("blocked", RestrictionReason.AccuracyContested, Ct);

        Assert.Equal(["kept"], await db.Notes.AsNoTracking().Select(n => n.SubjectId).ToListAsync(Ct));
        using (Scope.BeginScope(ProcessingPurpose.LegalObligation, "auditor"))
        {
            Assert.Equal(2, await db.Notes.CountAsync(Ct));
        }
    }

    [Fact]
    public async Task IgnoreQueryFilters_that_would_lift_the_restriction_is_refused_and_named_ignores_keep_it()
    {
        var (kept, blocked) = await SaveTwoAsync();
        await Registry.RestrictAsync(blocked.Id.ToString(), RestrictionReason.AccuracyContested, Ct);
        await using var db = NewContext();

        var all = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Accounts.IgnoreQueryFilters().ToListAsync(Ct));
        var named = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Accounts.IgnoreQueryFilters(["PrivacyGuard:Restriction"]).ToListAsync(Ct));
        Assert.All([all, named], e => Assert.Contains("LegalObligation", e.Message, StringComparison.Ordinal));
        Assert.Equal([kept.Id], await db.Accounts.IgnoreQueryFilters(["SoftDelete"]).Select(a => a.Id).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_subject_id_the_filter_cannot_compare_is_refused_when_the_model_is_built()
    {
        var options = new DbContextOptionsBuilder<InvoicesDbContext>();
        UseAppDatabase(options);
        options.UsePrivacyGuard(Services);
        await using var db = new InvoicesDbContext(options.Options);

        var e = Assert.Throws<InvalidOperationException>(() => db.Model);
        Assert.Contains("Invoice.CustomerNumber", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_objection_to_LegalObligation_is_refused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Registry.ObjectAsync("subject-1", ProcessingPurpose.LegalObligation, Ct));

    [Fact]
    public async Task With_RequireScope_queries_and_saves_outside_any_scope_are_refused_with_a_clear_message()
    {
        var strict = await StartInstanceAsync(scopes => scopes.RequireScope = true);
        var scope = strict.GetRequiredService<IPrivacyScope>();
        await using (var db = NewContext(strict))
        {
            var e = await Assert.ThrowsAsync<PrivacyScopeRequiredException>(() => db.Accounts.ToListAsync(Ct));
            Assert.Contains("BeginScope", e.Message, StringComparison.Ordinal);
            db.Accounts.Add(NewAccount());
            await Assert.ThrowsAsync<PrivacyScopeRequiredException>(() => db.SaveChangesAsync(Ct));
        }

        using (scope.BeginScope(ProcessingPurpose.ServiceDelivery, "app"))
        {
            await using var db = NewContext(strict);
            db.Accounts.Add(NewAccount());
            await db.SaveChangesAsync(Ct);
            Assert.Equal(1, await db.Accounts.CountAsync(Ct));
        }
    }
}
