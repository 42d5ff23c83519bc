using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore.Tests.Faults;
using PrivacyGuard.EntityFrameworkCore.Tests.Keys;
using PrivacyGuard.EntityFrameworkCore.Tests.Rights;
using PrivacyGuard.Keys;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Races;

/// <summary>
/// The race the randomized runs found, forced in one order: a key load reads the subject's key from the store, a shred
/// then deletes it and evicts the cache, and only then does the load put the key in the cache. Without the eviction
/// stamp (<c>SubjectKeyCache.EvictionStamp</c>) the shredded key stayed cached, and this instance went on decrypting the
/// erased subject's values until the entry expired.
/// </summary>
public sealed class KeyLoadShredRaceTests : IAsyncLifetime
{
    private readonly TestDatabases _databases = new SqliteTestDatabases();
    private FaultWorld? _world;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FaultWorld World => _world ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        await _databases.CreateAsync("accounts", "tickets");
        _world = await FaultWorld.StartAsync(_databases, "keys", new FailAfterNCommands(() => new InvalidOperationException("unused")));
        await World.EnsureApplicationTablesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }

        await _databases.DisposeAsync();
    }

    [Theory]
    [InlineData("write")]
    [InlineData("write-many")]
    [InlineData("read")]
    public async Task A_key_load_racing_a_shred_does_not_keep_the_shredded_key_cached(string path)
    {
        var subject = Guid.NewGuid().ToString();
        await using (var tickets = World.NewTickets())
        {
            tickets.Tickets.Add(new SupportTicket { CustomerId = Guid.Parse(subject), Body = "Shred me", Topic = "delivery" });
            await tickets.SaveChangesAsync(Ct);
        }

        var stored = await World.Services.GetRequiredService<IDataKeyStore>().FindAsync(subject, Ct);
        var gated = new GatedFind(World.Services.GetRequiredService<IDataKeyStore>());
        await using var keys = new SubjectKeyService(gated, World.Services.GetRequiredService<IKeyEncryptionKeyProvider>(), Options.Create(new SubjectKeyOptions()));

        // The load reads the key, then waits; the shred runs to completion in that window; then the load finishes.
        var load = Task.Run(async () =>
        {
            switch (path)
            {
                case "write":
                    (await keys.GetOrCreateAsync(subject, Ct)).Dispose();
                    break;
                case "write-many":
                    foreach (var lease in (await keys.GetOrCreateManyAsync([subject], Ct)).Values)
                    {
                        lease.Dispose();
                    }

                    break;
                default:
                    (await keys.FindAsync(subject, stored!.DataKeyId, Ct)).Lease.Dispose();
                    break;
            }
        }, Ct);
        await gated.Read.Task.WaitAsync(Ct);
        Assert.True(await keys.ShredAsync(subject, Ct));
        gated.Release.SetResult();
        await load;

        Assert.False(keys.TryGetCached(subject, out _), "The shredded key is still cached after the shred returned.");
        Assert.True((await keys.FindAsync(subject, stored!.DataKeyId, Ct)).IsErased);
    }

    /// <summary>
    /// The second race the randomized runs found: a decrypting look-up reads key 1 from the store, the subject is shredded
    /// and a write gives it key 2 (cached), then the look-up finishes. It used to hand out the cached key 2 for a
    /// ciphertext that names key 1, and the read failed with "decryption failed (KeyMismatch)".
    /// </summary>
    [Fact]
    public async Task A_decrypting_look_up_racing_a_shred_and_a_new_key_gets_the_key_its_ciphertext_names()
    {
        var subject = Guid.NewGuid().ToString();
        await using (var tickets = World.NewTickets())
        {
            tickets.Tickets.Add(new SupportTicket { CustomerId = Guid.Parse(subject), Body = "Shred me", Topic = "delivery" });
            await tickets.SaveChangesAsync(Ct);
        }

        var first = (await World.Services.GetRequiredService<IDataKeyStore>().FindAsync(subject, Ct))!.DataKeyId;
        var gated = new GatedFind(World.Services.GetRequiredService<IDataKeyStore>());
        await using var keys = new SubjectKeyService(gated, World.Services.GetRequiredService<IKeyEncryptionKeyProvider>(), Options.Create(new SubjectKeyOptions()));

        var read = Task.Run(async () => await keys.FindAsync(subject, first, Ct), Ct);
        await gated.Read.Task.WaitAsync(Ct);
        Assert.True(await keys.ShredAsync(subject, Ct));
        uint second;
        using (var created = await keys.GetOrCreateAsync(subject, Ct))
        {
            second = created.Key.DataKeyId;
        }

        gated.Release.SetResult();
        using var lookup = await read;

        Assert.NotEqual(first, second);
        Assert.False(lookup.IsErased);
        Assert.Equal(first, lookup.Lease.Key.DataKeyId);
        Assert.True(keys.TryGetCached(subject, out var cached));
        using (cached)
        {
            Assert.Equal(second, cached.Key.DataKeyId);
        }
    }

    /// <summary>Lets the first key look-up read the store, then holds it until released.</summary>
    private sealed class GatedFind(IDataKeyStore inner) : DelegatingDataKeyStore(inner)
    {
        private int _first;

        public TaskCompletionSource Read { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<WrappedDataKey?> FindAsync(string subjectId, CancellationToken cancellationToken = default) =>
            await HoldFirstAsync(await Inner.FindAsync(subjectId, cancellationToken));

        public override async ValueTask<IReadOnlyDictionary<string, WrappedDataKey>> FindManyAsync(IReadOnlyCollection<string> subjectIds, CancellationToken cancellationToken = default) =>
            await HoldFirstAsync(await Inner.FindManyAsync(subjectIds, cancellationToken));

        private async Task<T> HoldFirstAsync<T>(T result)
        {
            if (Interlocked.Exchange(ref _first, 1) == 0)
            {
                Read.SetResult();
                await Release.Task;
            }

            return result;
        }
    }
}
