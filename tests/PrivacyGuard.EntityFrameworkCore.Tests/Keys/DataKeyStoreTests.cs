using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.Keys;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Keys;

/// <summary>
/// The contract of <see cref="IDataKeyStore"/> and <see cref="IDataKeyChangeFeed"/>, run against each provider by a
/// subclass that supplies a fresh, real database.
/// </summary>
public abstract class DataKeyStoreTests : IAsyncLifetime
{
    private protected StoreInstances Instances { get; } = new();

    /// <summary>Creates the fresh database this test uses.</summary>
    protected abstract ValueTask CreateDatabaseAsync();

    /// <summary>Points the options at the fresh database.</summary>
    protected abstract void Configure(PrivacyStoreOptions options);

    /// <summary>Names of the tables the store's migrations created (in the store's schema).</summary>
    protected abstract Task<IReadOnlyCollection<string>> ListStoreTablesAsync();

    /// <summary>How many independent instances the concurrency test writes through.</summary>
    protected virtual int ConcurrentInstances => 1;

    public virtual async ValueTask InitializeAsync() => await CreateDatabaseAsync();

    public virtual async ValueTask DisposeAsync() => await Instances.DisposeAsync();

    protected Task<IServiceProvider> StartInstanceAsync() => Instances.StartAsync(Configure);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static WrappedDataKey Candidate(string subjectId, uint dataKeyId, string kekId = "ka") => new()
    {
        SubjectId = subjectId,
        DataKeyId = dataKeyId,
        KekId = kekId,
        WrappedKey = [.. BitConverter.GetBytes(dataKeyId), 1, 2, 3, 4, 5, 6, 7, 8],
        CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddSeconds(dataKeyId % 1000),
    };

    protected static async Task<int> CountRowsAsync(IServiceProvider instance, string subjectId)
    {
        var context = instance.GetRequiredService<PrivacyStoreContextFactory>().CreateDbContext();
        await using (context)
        {
            return await context.SubjectKeys.CountAsync(k => k.SubjectId == subjectId, Ct);
        }
    }

    protected static async Task<List<string>> StoredSubjectsAsync(IServiceProvider instance)
    {
        var context = instance.GetRequiredService<PrivacyStoreContextFactory>().CreateDbContext();
        await using (context)
        {
            var subjects = await context.SubjectKeys.AsNoTracking().Select(k => k.SubjectId).ToListAsync(Ct);
            subjects.Sort(StringComparer.Ordinal);
            return subjects;
        }
    }

    private protected static async Task<List<ShreddedSubjectRecord>> TombstonesAsync(IServiceProvider instance, string subjectId)
    {
        var context = instance.GetRequiredService<PrivacyStoreContextFactory>().CreateDbContext();
        await using (context)
        {
            return await context.ShreddedSubjects.AsNoTracking().Where(t => t.SubjectId == subjectId).ToListAsync(Ct);
        }
    }

    protected static void AssertSameKey(WrappedDataKey expected, WrappedDataKey? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.SubjectId, actual.SubjectId);
        Assert.Equal(expected.DataKeyId, actual.DataKeyId);
        Assert.Equal(expected.KekId, actual.KekId);
        Assert.Equal(expected.WrappedKey, actual.WrappedKey);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
    }

    [Fact]
    public async Task Migrations_create_the_store_on_a_fresh_database()
    {
        await StartInstanceAsync();

        var tables = await ListStoreTablesAsync();

        Assert.Superset(new HashSet<string> { "subject_keys", "shredded_subjects", "restrictions", "objections", "access_events", "__EFMigrationsHistory" }, tables.ToHashSet());
    }

    [Fact]
    public async Task A_stored_key_is_found_until_it_is_deleted()
    {
        var store = (await StartInstanceAsync()).GetRequiredService<IDataKeyStore>();
        var candidate = Candidate("subject-1", 0xF000_0001);

        Assert.Null(await store.FindAsync("subject-1", Ct));
        AssertSameKey(candidate, await store.GetOrAddAsync(candidate, Ct));
        AssertSameKey(candidate, await store.FindAsync("subject-1", Ct));

        Assert.True(await store.DeleteAsync("subject-1", Ct));
        Assert.Null(await store.FindAsync("subject-1", Ct));
        Assert.False(await store.DeleteAsync("subject-1", Ct));
    }

    [Fact]
    public async Task A_deletion_records_a_tombstone_and_the_subject_reads_as_shredded()
    {
        var instance = await StartInstanceAsync();
        var store = instance.GetRequiredService<IDataKeyStore>();
        await store.GetOrAddAsync(Candidate("tombstoned", 21), Ct);
        Assert.False(await store.WasShreddedAsync("tombstoned", Ct));
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        Assert.True(await store.DeleteAsync("tombstoned", Ct));

        Assert.True(await store.WasShreddedAsync("tombstoned", Ct));
        var tombstone = Assert.Single(await TombstonesAsync(instance, "tombstoned"));
        Assert.InRange(tombstone.ShreddedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Null(await store.FindAsync("tombstoned", Ct));
    }

    [Fact]
    public async Task A_subject_never_deleted_is_not_shredded()
    {
        var instance = await StartInstanceAsync();
        var store = instance.GetRequiredService<IDataKeyStore>();
        await store.GetOrAddAsync(Candidate("kept", 22), Ct);
        await store.DeleteAsync("someone-else", Ct);

        Assert.False(await store.WasShreddedAsync("kept", Ct));
        Assert.False(await store.WasShreddedAsync("never-seen", Ct));
        Assert.Empty(await TombstonesAsync(instance, "kept"));
    }

    [Fact]
    public async Task Erasing_a_subject_without_a_key_still_records_a_tombstone()
    {
        var instance = await StartInstanceAsync();
        var store = instance.GetRequiredService<IDataKeyStore>();

        Assert.False(await store.DeleteAsync("keyless", Ct));

        Assert.True(await store.WasShreddedAsync("keyless", Ct));
        Assert.Single(await TombstonesAsync(instance, "keyless"));
    }

    [Fact]
    public async Task Deleting_twice_keeps_one_tombstone_with_the_later_time()
    {
        var instance = await StartInstanceAsync();
        var store = instance.GetRequiredService<IDataKeyStore>();
        await store.GetOrAddAsync(Candidate("twice", 23), Ct);

        Assert.True(await store.DeleteAsync("twice", Ct));
        var first = Assert.Single(await TombstonesAsync(instance, "twice")).ShreddedAt;
        await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
        Assert.False(await store.DeleteAsync("twice", Ct));

        var second = Assert.Single(await TombstonesAsync(instance, "twice")).ShreddedAt;
        Assert.True(second > first, $"the second shred ({second:O}) did not move the tombstone past the first ({first:O})");
        Assert.True(await store.WasShreddedAsync("twice", Ct));
    }

    [Fact]
    public async Task A_returning_subject_gets_a_new_key_and_stays_shredded()
    {
        var instance = await StartInstanceAsync();
        var store = instance.GetRequiredService<IDataKeyStore>();
        await store.GetOrAddAsync(Candidate("returning", 31), Ct);
        await store.DeleteAsync("returning", Ct);

        var renewed = await store.GetOrAddAsync(Candidate("returning", 32), Ct);

        Assert.Equal(32u, renewed.DataKeyId);
        AssertSameKey(renewed, await store.FindAsync("returning", Ct));
        Assert.True(await store.WasShreddedAsync("returning", Ct));
        Assert.Single(await TombstonesAsync(instance, "returning"));
    }

    [Fact]
    public async Task A_later_candidate_gets_the_key_already_stored()
    {
        var store = (await StartInstanceAsync()).GetRequiredService<IDataKeyStore>();
        var first = Candidate("subject-2", 7);

        await store.GetOrAddAsync(first, Ct);
        var second = await store.GetOrAddAsync(Candidate("subject-2", 8, "kb"), Ct);

        AssertSameKey(first, second);
    }

    [Fact]
    public async Task A_shredded_subject_gets_a_new_key_on_its_next_first_write()
    {
        var store = (await StartInstanceAsync()).GetRequiredService<IDataKeyStore>();
        await store.GetOrAddAsync(Candidate("subject-3", 1), Ct);
        await store.DeleteAsync("subject-3", Ct);

        var renewed = await store.GetOrAddAsync(Candidate("subject-3", 2), Ct);

        Assert.Equal(2u, renewed.DataKeyId);
    }

    [Fact]
    public async Task Replacing_the_wrapping_succeeds_only_while_the_key_is_unchanged()
    {
        var store = (await StartInstanceAsync()).GetRequiredService<IDataKeyStore>();
        await store.GetOrAddAsync(Candidate("subject-4", 40), Ct);
        byte[] rewrapped = [9, 9, 9];

        Assert.False(await store.ReplaceWrappingAsync("subject-4", 40, "kb", "kc", rewrapped, Ct));
        Assert.False(await store.ReplaceWrappingAsync("subject-4", 41, "ka", "kc", rewrapped, Ct));
        Assert.False(await store.ReplaceWrappingAsync("nobody", 40, "ka", "kc", rewrapped, Ct));
        Assert.True(await store.ReplaceWrappingAsync("subject-4", 40, "ka", "kc", rewrapped, Ct));
        Assert.False(await store.ReplaceWrappingAsync("subject-4", 40, "ka", "kd", [1], Ct));

        var stored = await store.FindAsync("subject-4", Ct);
        Assert.NotNull(stored);
        Assert.Equal("kc", stored.KekId);
        Assert.Equal(40u, stored.DataKeyId);
        Assert.Equal(rewrapped, stored.WrappedKey);
    }

    [Fact]
    public async Task Listing_pages_through_keys_wrapped_by_other_root_keys_in_subject_order()
    {
        var store = (await StartInstanceAsync()).GetRequiredService<IDataKeyStore>();
        string[] subjects = ["s05", "s01", "s04", "s02", "s03", "S00", "s06"];
        for (var i = 0; i < subjects.Length; i++)
        {
            await store.GetOrAddAsync(Candidate(subjects[i], (uint)i + 1, subjects[i] is "s04" or "s06" ? "current" : "old"), Ct);
        }

        var pages = new List<string[]>();
        string? after = null;
        while (true)
        {
            var page = await store.ListWrappedOtherThanAsync("current", after, 2, Ct);
            if (page.Count == 0)
            {
                break;
            }

            pages.Add([.. page.Select(k => k.SubjectId)]);
            after = page[^1].SubjectId;
        }

        Assert.Equal([["S00", "s01"], ["s02", "s03"], ["s05"]], pages);
    }

    [Fact]
    public async Task Concurrent_first_writes_for_one_subject_store_exactly_one_key()
    {
        var instances = new List<IServiceProvider>();
        for (var i = 0; i < ConcurrentInstances; i++)
        {
            instances.Add(await StartInstanceAsync());
        }

        var stores = instances.Select(p => p.GetRequiredService<IDataKeyStore>()).ToArray();
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            start.Wait(Ct);
            return await stores[i % stores.Length].GetOrAddAsync(Candidate("contended", 1000u + (uint)i), Ct);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(writers);

        var winner = Assert.Single(results.Select(k => k.DataKeyId).Distinct());
        Assert.InRange(winner, 1000u, 1031u);
        Assert.All(results, k => Assert.Equal(results[0].WrappedKey, k.WrappedKey));
        Assert.Equal(1, await CountRowsAsync(instances[0], "contended"));
        Assert.Equal(winner, (await stores[0].FindAsync("contended", Ct))!.DataKeyId);
    }

    [Fact]
    public async Task Batch_methods_given_no_subjects_return_nothing_and_store_nothing()
    {
        var instance = await StartInstanceAsync();
        var store = instance.GetRequiredService<IDataKeyStore>();

        Assert.Empty(await store.FindManyAsync([], Ct));
        Assert.Empty(await store.GetOrAddManyAsync([], Ct));
        Assert.Empty(await StoredSubjectsAsync(instance));
    }

    [Fact]
    public async Task A_batch_keeps_existing_keys_stores_new_ones_and_returns_them_all()
    {
        var instance = await StartInstanceAsync();
        var store = instance.GetRequiredService<IDataKeyStore>();
        var existing = Candidate("batch-old", 50);
        await store.GetOrAddAsync(existing, Ct);
        var fresh = Candidate("batch-new", 51);

        var found = await store.FindManyAsync(["batch-old", "batch-new", "batch-none"], Ct);
        AssertSameKey(existing, Assert.Single(found).Value);

        var stored = await store.GetOrAddManyAsync([Candidate("batch-old", 52, "kb"), fresh], Ct);

        Assert.Equal(2, stored.Count);
        AssertSameKey(existing, stored["batch-old"]);
        AssertSameKey(fresh, stored["batch-new"]);
        var again = await store.FindManyAsync(["batch-new", "batch-old"], Ct);
        AssertSameKey(existing, again["batch-old"]);
        AssertSameKey(fresh, again["batch-new"]);
        Assert.Equal(["batch-new", "batch-old"], await StoredSubjectsAsync(instance));
    }

    [Fact]
    public async Task A_batch_naming_a_subject_twice_stores_its_first_candidate_once()
    {
        var instance = await StartInstanceAsync();
        var store = instance.GetRequiredService<IDataKeyStore>();
        var first = Candidate("twice-in-batch", 60);

        var stored = await store.GetOrAddManyAsync([first, Candidate("other", 61), Candidate("twice-in-batch", 62)], Ct);

        Assert.Equal(2, stored.Count);
        AssertSameKey(first, stored["twice-in-batch"]);
        AssertSameKey(first, Assert.Single(await store.FindManyAsync(["twice-in-batch", "twice-in-batch"], Ct)).Value);
        Assert.Equal(1, await CountRowsAsync(instance, "twice-in-batch"));
    }

    [Fact]
    public async Task A_batch_larger_than_one_chunk_stores_and_finds_every_key()
    {
        var instance = await StartInstanceAsync();
        var store = instance.GetRequiredService<IDataKeyStore>();
        var count = (EfDataKeyStore.BatchSize * 2) + 7;
        var candidates = Enumerable.Range(0, count).Select(i => Candidate($"many-{i:D5}", 10_000u + (uint)i)).ToArray();

        var stored = await store.GetOrAddManyAsync(candidates, Ct);
        var found = await store.FindManyAsync([.. candidates.Select(c => c.SubjectId)], Ct);

        Assert.Equal(count, stored.Count);
        Assert.Equal(count, found.Count);
        Assert.All(candidates, c => AssertSameKey(c, stored[c.SubjectId]));
        Assert.All(candidates, c => AssertSameKey(c, found[c.SubjectId]));
        Assert.Equal(count, (await StoredSubjectsAsync(instance)).Count);
    }

    [Fact]
    public async Task Concurrent_batch_writers_with_overlapping_subjects_all_get_one_key_per_subject()
    {
        var instances = new List<IServiceProvider>();
        for (var i = 0; i < ConcurrentInstances; i++)
        {
            instances.Add(await StartInstanceAsync());
        }

        var stores = instances.Select(p => p.GetRequiredService<IDataKeyStore>()).ToArray();
        const int Writers = 6;
        const int Subjects = 60;
        using var start = new ManualResetEventSlim();

        // Each writer names an overlapping window of subjects, in its own order, with its own candidates; every
        // writer also races a single-subject writer for one of them.
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var window = Enumerable.Range(w * 10, 30).Select(i => i % Subjects).ToList();
            if (w % 2 == 1)
            {
                window.Reverse();
            }

            var candidates = window.Select(i => Candidate($"overlap-{i:D2}", (uint)((w + 1) * 1000) + (uint)i)).ToArray();
            start.Wait(Ct);
            var single = stores[w % stores.Length].GetOrAddAsync(Candidate($"overlap-{window[0]:D2}", 900_000u + (uint)w), Ct).AsTask();
            var batch = await stores[w % stores.Length].GetOrAddManyAsync(candidates, Ct);
            Assert.Equal(window.Count, batch.Count);
            var alone = await single;
            return batch.Values.Append(alone).ToArray();
        })).ToArray();
        start.Set();
        var results = (await Task.WhenAll(writers)).SelectMany(r => r).ToArray();

        var persisted = await stores[0].FindManyAsync([.. Enumerable.Range(0, Subjects).Select(i => $"overlap-{i:D2}")], Ct);
        Assert.Equal(Subjects, persisted.Count);
        foreach (var result in results)
        {
            AssertSameKey(persisted[result.SubjectId], result);
        }

        foreach (var subject in persisted.Keys)
        {
            Assert.Equal(1, await CountRowsAsync(instances[0], subject));
        }
    }

    [Fact]
    public async Task Deleting_or_rewrapping_a_key_is_announced_to_subscribers_until_they_unsubscribe()
    {
        var instance = await StartInstanceAsync();
        var store = instance.GetRequiredService<IDataKeyStore>();
        var feed = instance.GetRequiredService<IDataKeyChangeFeed>();
        await store.GetOrAddAsync(Candidate("announced", 5), Ct);
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var rewrapped = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;

        var subscription = await feed.SubscribeAsync(id =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                rewrapped.TrySetResult(id);
            }
            else
            {
                heard.TrySetResult(id);
            }
        }, Ct);
        await store.ReplaceWrappingAsync("announced", 5, "ka", "kb", [1], Ct);
        Assert.Equal("announced", await rewrapped.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await store.DeleteAsync("announced", Ct);
        Assert.Equal("announced", await heard.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));

        await subscription.DisposeAsync();
        await store.GetOrAddAsync(Candidate("announced", 6), Ct);
        await store.DeleteAsync("announced", Ct);
        await AssertNoMoreCallsAsync(instance, () => Volatile.Read(ref calls), 2);
    }

    /// <summary>
    /// Proves no further callback arrived by making a later change that a second subscriber of the same feed hears
    /// (one listener connection delivers in commit order), then checking the count.
    /// </summary>
    private static async Task AssertNoMoreCallsAsync(IServiceProvider instance, Func<int> calls, int expected)
    {
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var probe = await instance.GetRequiredService<IDataKeyChangeFeed>().SubscribeAsync(id =>
        {
            if (id == "marker")
            {
                marker.TrySetResult();
            }
        }, Ct);
        var store = instance.GetRequiredService<IDataKeyStore>();
        await store.GetOrAddAsync(Candidate("marker", 1), Ct);
        await store.DeleteAsync("marker", Ct);
        await marker.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(expected, calls());
    }
}
