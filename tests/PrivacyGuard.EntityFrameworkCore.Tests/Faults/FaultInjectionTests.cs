using Microsoft.EntityFrameworkCore;
using PrivacyGuard.EntityFrameworkCore.Tests.Interception;
using PrivacyGuard.EntityFrameworkCore.Tests.Rights;
using PrivacyGuard.Rights;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// A fault injected at each database step of a save, an erasure and a root key rotation in turn ("fail at N", for every
/// N the clean run takes) leaves no plaintext row, no missing data key (every subject with ciphertext has its key or a
/// tombstone), no data key beside a tombstone, and a state from which a plain retry converges. Each N runs on a fresh
/// store partition and fresh subjects; the clean run first counts the steps. One subclass per provider.
/// </summary>
/// <remarks>
/// What each check stands on, i.e. what would make it fail if removed: "neither key nor tombstone" and "key beside a
/// tombstone" fail if a shred's key delete and tombstone insert were committed separately (a fault at the commit between
/// them); "plaintext in an application table" fails if a failed save sent or kept plaintext; the same-context retry of a
/// save reads back ciphertext instead of the name if the interceptor did not put the plaintext back into the entity after
/// a failed save; the rotation checks fail if a re-wrap were not a single compare-and-set update (a half-applied one
/// leaves a key no root key opens); "fully erased" fails if a re-run of an erasure stopped at an already shredded key.
/// </remarks>
public abstract class FaultInjectionTests : IAsyncLifetime
{
    private const string JaneName = "Jane Faulty";
    private const string JaneEmail = "jane.faulty@example.org";
    private const string JaneBody = "Leave the parcel at 7 Birch Lane";
    private const string JohnName = "John Steady";
    private const string JohnEmail = "john.steady@example.org";

    private static readonly string[] Secrets = [JaneName, JaneEmail, JaneBody, JohnName, JohnEmail, "Faulty", "Steady", "Birch"];

    private int _partitions;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected abstract TestDatabases Databases { get; }

    /// <summary>What a lost connection raises on this provider.</summary>
    private protected abstract Exception LostConnection();

    public virtual async ValueTask InitializeAsync()
    {
        await Databases.CreateAsync("accounts", "tickets");
        await using var world = await StartAsync(NextPartition());
        await world.EnsureApplicationTablesAsync();
    }

    public virtual async ValueTask DisposeAsync() => await Databases.DisposeAsync();

    private protected string NextPartition() => "p" + Interlocked.Increment(ref _partitions).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private protected Task<FaultWorld> StartAsync(string partition, params string[] keyIds) =>
        FaultWorld.StartAsync(Databases, partition, new FailAfterNCommands(LostConnection), keyIds);

    [Fact]
    public async Task A_fault_at_each_step_of_a_save_leaves_no_plaintext_nor_missing_key_and_a_retry_of_the_same_save_converges()
    {
        var partition = NextPartition();
        var steps = await CountStepsAsync(partition, SeedForSaveAsync, (world, s) => SaveJaneAsync(world, s, null));
        Assert.True(steps >= 3, $"A first save of a new subject takes a key look-up, a key insert and the row insert at least; saw {steps} steps.");
        for (var n = 1; n <= steps; n++)
        {
            await using var world = await StartAsync(partition);
            var subjects = await SeedForSaveAsync(world);
            await using var accounts = world.NewAccounts();
            world.Faults.Arm(n);
            await Assert.ThrowsAnyAsync<Exception>(() => SaveJaneAsync(world, subjects, accounts));
            world.Faults.Disarm();
            Assert.True(world.Faults.Fired, $"step {n} of {steps}");

            await AssertInvariantsAsync(world, [subjects.Jane, subjects.John], erased: null, $"save, fault at step {n} of {steps}");

            // Retry the same context: the failed save must have put the plaintext back into the entities (else the
            // retry would encrypt ciphertext, and the read-back below would not see Jane's name).
            await accounts.SaveChangesAsync(Ct);
            await using var check = world.NewAccounts();
            Assert.Equal(JaneName, (await check.Accounts.SingleAsync(a => a.Id == subjects.Jane, Ct)).RealName);
            Assert.Equal(JaneName, (await check.People.SingleAsync(p => p.Id == subjects.Jane, Ct)).Name);
            await AssertInvariantsAsync(world, [subjects.Jane, subjects.John], erased: null, $"save retried after a fault at step {n}");
            Assert.Contains(subjects.Jane.ToString(), (await Raw(world).KeysAsync()).Keys);
        }
    }

    [Fact]
    public async Task A_fault_at_each_step_of_an_erasure_leaves_no_key_beside_a_tombstone_and_a_retry_erases_fully()
    {
        var partition = NextPartition();
        var steps = await CountStepsAsync(partition, SeedBothAsync, (world, s) => world.Rights.EraseAsync(s.Jane.ToString(), Ct));
        Assert.True(steps >= 4, $"An erasure records, shreds and deletes in two databases; saw {steps} steps.");
        for (var n = 1; n <= steps; n++)
        {
            await using var world = await StartAsync(partition);
            var subjects = await SeedBothAsync(world);
            world.Faults.Arm(n);
            await Assert.ThrowsAnyAsync<Exception>(() => world.Rights.EraseAsync(subjects.Jane.ToString(), Ct));
            world.Faults.Disarm();
            Assert.True(world.Faults.Fired, $"step {n} of {steps}");

            await AssertInvariantsAsync(world, [subjects.Jane, subjects.John], erased: subjects.Jane, $"erasure, fault at step {n} of {steps}");

            await world.Rights.EraseAsync(subjects.Jane.ToString(), Ct);
            await AssertFullyErasedAsync(world, subjects, $"erasure retried after a fault at step {n} of {steps}");
        }
    }

    [Fact]
    public async Task Killing_the_instance_at_each_step_of_an_erasure_and_starting_a_new_one_converges_to_fully_erased()
    {
        var partition = NextPartition();
        var steps = await CountStepsAsync(partition, SeedBothAsync, (world, s) => world.Rights.EraseAsync(s.Jane.ToString(), Ct));
        for (var n = 1; n <= steps; n++)
        {
            (Guid Jane, Guid John) subjects;
            var killed = await StartAsync(partition);
            try
            {
                subjects = await SeedBothAsync(killed);
                killed.Faults.Arm(n);
                await Assert.ThrowsAnyAsync<Exception>(() => killed.Rights.EraseAsync(subjects.Jane.ToString(), Ct));
                Assert.True(killed.Faults.Fired, $"step {n} of {steps}");
            }
            finally
            {
                // The process dies here: no retry, no clean-up, its key cache and snapshot are lost.
                await killed.DisposeAsync();
            }

            await using var restarted = await StartAsync(partition);
            await AssertInvariantsAsync(restarted, [subjects.Jane, subjects.John], erased: subjects.Jane, $"killed at erasure step {n} of {steps}");
            await restarted.Rights.EraseAsync(subjects.Jane.ToString(), Ct);
            await AssertFullyErasedAsync(restarted, subjects, $"erasure re-run by a new instance after a kill at step {n} of {steps}");
        }
    }

    [Fact]
    public async Task A_fault_at_each_step_of_a_root_key_rotation_keeps_every_key_readable_and_a_retry_completes_it()
    {
        var steps = 0;
        var partition = NextPartition();
        for (var n = 0; n <= steps; n++)
        {
            Guid[] subjects;
            await using (var before = await StartAsync(partition, "ka"))
            {
                subjects = [.. await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SeedAccountAsync(before, Guid.NewGuid(), JohnName)))];
            }

            // The new root key kb is current; ka stays readable until every data key is re-wrapped.
            await using var world = await StartAsync(partition, "kb", "ka");
            world.Faults.Arm(n);
            if (n == 0)
            {
                await world.Keys.RewrapAsync(pageSize: 2, cancellationToken: Ct);
                steps = world.Faults.Count;
                world.Faults.Disarm();
                Assert.True(steps >= 7, $"Three keys in pages of two take three page reads and an update and commit each; saw {steps} steps.");
                continue;
            }

            await Assert.ThrowsAnyAsync<Exception>(() => world.Keys.RewrapAsync(pageSize: 2, cancellationToken: Ct));
            world.Faults.Disarm();
            Assert.True(world.Faults.Fired, $"step {n} of {steps}");

            var keys = await Raw(world).KeysAsync();
            Assert.All(subjects, s => Assert.Contains(keys[s.ToString()].KekId, new[] { "ka", "kb" }));
            await AssertInvariantsAsync(world, subjects, erased: null, $"rotation, fault at step {n} of {steps}");
            await AssertReadableAsync(world, subjects);

            var result = await world.Keys.RewrapAsync(pageSize: 2, cancellationToken: Ct);
            keys = await Raw(world).KeysAsync();
            Assert.All(subjects, s => Assert.Equal("kb", keys[s.ToString()].KekId));
            Assert.InRange(result.Rewrapped, 0, 3);

            // Converged: an instance that no longer has ka at all reads every subject.
            await using var retired = await StartAsync(partition, "kb");
            await AssertReadableAsync(retired, subjects);
        }
    }

    /// <summary>Runs <paramref name="operation"/> once without a fault and returns the number of steps it took.</summary>
    private async Task<int> CountStepsAsync(string partition, Func<FaultWorld, Task<(Guid Jane, Guid John)>> seed, Func<FaultWorld, (Guid Jane, Guid John), Task> operation)
    {
        await using var world = await StartAsync(partition);
        var subjects = await seed(world);
        world.Faults.Arm(0);
        await operation(world, subjects);
        world.Faults.Disarm();
        return world.Faults.Count;
    }

    private static RawState Raw(FaultWorld world) => new(world.Databases, world.ConfigureStore);

    /// <summary>John is stored; Jane is new (her id only).</summary>
    private static async Task<(Guid Jane, Guid John)> SeedForSaveAsync(FaultWorld world)
    {
        var john = await SeedAccountAsync(world, Guid.NewGuid(), JohnName);
        return (Guid.NewGuid(), john);
    }

    /// <summary>Jane's first save: an account and a member row, both encrypted under her new key.</summary>
    private static async Task SaveJaneAsync(FaultWorld world, (Guid Jane, Guid John) subjects, AccountsDbContext? accounts)
    {
        var own = accounts is null;
        accounts ??= world.NewAccounts();
        try
        {
            accounts.Accounts.Add(new Account { Id = subjects.Jane, Email = JaneEmail, SignUpIp = "198.51.100.7", RealName = JaneName, RecoveryEmail = JaneEmail });
            accounts.People.Add(new Member { Id = subjects.Jane, Name = JaneName, Level = 1 });
            await accounts.SaveChangesAsync(Ct);
        }
        finally
        {
            if (own)
            {
                await accounts.DisposeAsync();
            }
        }
    }

    private static async Task<Guid> SeedAccountAsync(FaultWorld world, Guid id, string name)
    {
        await using var accounts = world.NewAccounts();
        accounts.Accounts.Add(new Account { Id = id, Email = JohnEmail, SignUpIp = "198.51.100.9", RealName = name, Plan = "pro" });
        await accounts.SaveChangesAsync(Ct);
        return id;
    }

    /// <summary>Jane and John each with an account, a support ticket (anonymized on erasure) and a newsletter row (deleted).</summary>
    private static async Task<(Guid Jane, Guid John)> SeedBothAsync(FaultWorld world)
    {
        var jane = Guid.NewGuid();
        var john = Guid.NewGuid();
        foreach (var (id, name, email) in new[] { (jane, JaneName, JaneEmail), (john, JohnName, JohnEmail) })
        {
            await using (var accounts = world.NewAccounts())
            {
                accounts.Accounts.Add(new Account { Id = id, Email = email, SignUpIp = "198.51.100.9", RealName = name, Settings = "{\"theme\":\"dark\"}" });
                await accounts.SaveChangesAsync(Ct);
            }

            await using var tickets = world.NewTickets();
            tickets.Tickets.Add(new SupportTicket { CustomerId = id, ContactName = name, ContactEmail = email, Body = JaneBody, Topic = "delivery" });
            tickets.Newsletters.Add(new Newsletter { SubscriberId = id.ToString(), Address = email });
            await tickets.SaveChangesAsync(Ct);
        }

        return (jane, john);
    }

    /// <summary>
    /// The invariants that hold whatever step failed: no plaintext personal value in any application cell; every
    /// subject with ciphertext has its data key or a tombstone (nothing encrypted under a key that was never stored);
    /// and when <paramref name="erased"/> was being erased, never a key beside its tombstone (shred is atomic).
    /// </summary>
    private static async Task AssertInvariantsAsync(FaultWorld world, Guid[] subjects, Guid? erased, string when)
    {
        var raw = Raw(world);
        var cells = await raw.ApplicationCellsAsync();
        foreach (var secret in Secrets)
        {
            Assert.False(RawTables.HasPlaintext(cells, secret), $"{when}: plaintext in an application table.");
        }

        var keys = await raw.KeysAsync();
        var tombstones = await raw.TombstonesAsync();
        // The application tables are shared by every partition; only this partition's subjects have keys in its store.
        var own = subjects.Select(s => s.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var subject in (await raw.SubjectsWithCiphertextAsync()).Where(own.Contains))
        {
            Assert.True(keys.ContainsKey(subject) || tombstones.Contains(subject), $"{when}: a subject's ciphertext has neither its data key nor a tombstone.");
        }

        if (erased is { } id)
        {
            Assert.False(keys.ContainsKey(id.ToString()) && tombstones.Contains(id.ToString()), $"{when}: the erased subject has a key beside its tombstone.");
        }
    }

    /// <summary>
    /// Jane fully erased: no key, a tombstone, her account and newsletter rows deleted, her ticket anonymized, her export
    /// marked erased with no readable value; John untouched and readable.
    /// </summary>
    private static async Task AssertFullyErasedAsync(FaultWorld world, (Guid Jane, Guid John) subjects, string when)
    {
        await AssertInvariantsAsync(world, [subjects.Jane, subjects.John], subjects.Jane, when);
        var raw = Raw(world);
        var jane = subjects.Jane.ToString();
        Assert.False((await raw.KeysAsync()).ContainsKey(jane), $"{when}: key still stored.");
        Assert.Contains(jane, await raw.TombstonesAsync());
        Assert.Empty(await raw.RowsOfAsync("accounts", "Accounts", "Id", subjects.Jane));
        Assert.Empty(await raw.RowsOfAsync("tickets", "Newsletters", "SubscriberId", subjects.Jane));
        Assert.Single(await raw.RowsOfAsync("tickets", "Tickets", "CustomerId", subjects.Jane));

        var export = await world.Rights.ExportAsync(jane, Ct);
        Assert.True(export.Erased, when);
        var ticket = Assert.Single(export.Records);
        Assert.Equal("SupportTicket", ticket.Entity);
        Assert.All(ticket.Fields, f => Assert.True(f.Value is null || f.State is ExportFieldState.Erased, $"{when}: {f.Name} still has a value."));
        Assert.Equal(ExportFieldState.Erased, ticket.Fields.Single(f => f.Name == nameof(SupportTicket.Body)).State);

        var john = await world.Rights.ExportAsync(subjects.John.ToString(), Ct);
        Assert.Equal(JohnName, john.Records.Single(r => r.Entity == "Account").Fields.Single(f => f.Name == nameof(Account.RealName)).Value);
        Assert.Equal(3, john.Records.Count);
    }

    private static async Task AssertReadableAsync(FaultWorld world, Guid[] subjects)
    {
        await using var accounts = world.NewAccounts();
        foreach (var subject in subjects)
        {
            Assert.Equal(JohnName, (await accounts.Accounts.AsNoTracking().SingleAsync(a => a.Id == subject, Ct)).RealName);
        }
    }
}
