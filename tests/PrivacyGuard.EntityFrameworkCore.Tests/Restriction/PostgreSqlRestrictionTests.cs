using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Restriction;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Restriction;

/// <summary>The application's tables and the privacy store in two fresh databases of the throwaway PostgreSQL server.</summary>
public sealed class PostgreSqlRestrictionTests(PostgresServer postgres) : RestrictionTests
{
    private readonly TestDatabases _databases = new PostgreSqlTestDatabases(postgres);

    protected override ValueTask CreateDatabasesAsync() => _databases.CreateAsync("app");

    protected override void ConfigureStore(PrivacyStoreOptions options)
    {
        _databases.ConfigureStore(options);
        options.ResyncInterval = TimeSpan.FromMilliseconds(200);
    }

    protected override void UseAppDatabase(DbContextOptionsBuilder options) => _databases.Use(options, "app");

    protected override DbConnection CreateRawConnection() => _databases.CreateRawConnection("app");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
    }

    [Fact]
    public async Task A_change_made_on_one_instance_is_enforced_on_another_within_a_second()
    {
        var (kept, blocked) = await SaveTwoAsync();
        var a = Registry;
        var bServices = await StartInstanceAsync();
        var b = bServices.GetRequiredService<IRestrictionRegistry>();
        var subject = blocked.Id.ToString();

        var stopwatch = Stopwatch.StartNew();
        await a.RestrictAsync(subject, RestrictionReason.AccuracyContested, Ct);
        await WaitUntilAsync(() => b.IsRestricted(subject));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
        await using (var db = NewContext(bServices))
        {
            Assert.Equal([kept.Id], await db.Accounts.Select(x => x.Id).ToListAsync(Ct));
        }

        stopwatch.Restart();
        await b.ObjectAsync(subject, ProcessingPurpose.Marketing, Ct);
        await b.LiftRestrictionAsync(subject, Ct);
        await WaitUntilAsync(() => !a.IsRestricted(subject) && a.HasObjected(subject, ProcessingPurpose.Marketing));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_change_whose_notification_was_lost_is_enforced_after_the_next_full_resync()
    {
        var (_, blocked) = await SaveTwoAsync();
        var subject = blocked.Id.ToString();
        var store = new PrivacyStoreOptions();
        ConfigureStore(store);

        // Written behind the registry's back: no pg_notify, as if the notification had been lost.
        await using (var connection = new Npgsql.NpgsqlConnection(store.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var insert = new Npgsql.NpgsqlCommand("INSERT INTO privacyguard.restrictions (subject_id, restricted_at, reason) VALUES (@s, now(), 'legal-claims')", connection);
            insert.Parameters.AddWithValue("s", subject);
            await insert.ExecuteNonQueryAsync(Ct);
        }

        await WaitUntilAsync(() => Registry.IsRestricted(subject));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var cap = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(cap.Elapsed < TimeSpan.FromSeconds(10), "The change did not arrive within 10 s.");
            await Task.Delay(10, Ct);
        }
    }
}
