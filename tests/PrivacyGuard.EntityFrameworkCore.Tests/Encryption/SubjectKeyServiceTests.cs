using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore.Tests.Keys;
using PrivacyGuard.Keys;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Encryption;

/// <summary>
/// Envelope encryption end to end on a real store: data keys created on first write and stored only wrapped, values
/// readable until the subject is shredded, root keys rotated without touching values. One subclass per provider.
/// </summary>
public abstract class SubjectKeyServiceTests : IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly FieldEncryptor _encryptor = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract ValueTask CreateDatabaseAsync();

    protected abstract void Configure(PrivacyStoreOptions options);

    public virtual ValueTask InitializeAsync() => CreateDatabaseAsync();

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }

    /// <summary>Starts an instance whose key ring holds <paramref name="keys"/> (id, secret), the first current.</summary>
    protected async Task<IServiceProvider> StartAsync(string[]? retired = null, params (string Id, string Secret)[] keys)
    {
        if (keys.Length == 0)
        {
            keys = [("ka", TestKeys.SecretA)];
        }

        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPrivacyGuard(options =>
        {
            options.CurrentKeyId = keys[0].Id;
            foreach (var (id, secret) in keys)
            {
                options.Keys[id] = secret;
            }

            foreach (var id in retired ?? [])
            {
                options.RetiredKeyIds.Add(id);
            }
        }).AddPrivacyStore(Configure);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        return provider;
    }

    protected static EncryptionContext Context(string subjectId) => new("Account", "RealName", subjectId);

    protected async Task<byte[]> EncryptAsync(IServiceProvider instance, string subjectId, string value)
    {
        using var lease = await instance.GetRequiredService<SubjectKeyService>().GetOrCreateAsync(subjectId, Ct);
        return _encryptor.Encrypt(lease.Key, Context(subjectId), Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Decrypts as a reader would: the header names the data key, the service finds it or says erased.</summary>
    protected async Task<string?> DecryptAsync(IServiceProvider instance, string subjectId, byte[] ciphertext)
    {
        Assert.True(FieldEncryptor.TryReadHeader(ciphertext, out var header));
        using var lookup = await instance.GetRequiredService<SubjectKeyService>().FindAsync(subjectId, header.DataKeyId, Ct);
        if (lookup.IsErased)
        {
            return null;
        }

        Assert.Equal(DecryptionStatus.Success, _encryptor.TryDecrypt(lookup.Lease.Key, Context(subjectId), ciphertext, out var plaintext));
        return Encoding.UTF8.GetString(plaintext!);
    }

    protected static async Task<List<(string SubjectId, uint DataKeyId, string KekId, byte[] Wrapped)>> StoredKeysAsync(IServiceProvider instance)
    {
        await using var context = instance.GetRequiredService<PrivacyStoreContextFactory>().CreateDbContext();
        var rows = await context.SubjectKeys.AsNoTracking().ToListAsync(Ct);
        return rows.Select(r => (r.SubjectId, (uint)r.DataKeyId, r.KekId, r.WrappedKey)).OrderBy(r => r.SubjectId, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task A_subjects_first_write_creates_one_wrapped_key_that_later_writes_reuse()
    {
        var instance = await StartAsync();
        var keys = instance.GetRequiredService<SubjectKeyService>();
        using var first = await keys.GetOrCreateAsync("subject-1", Ct);
        using var second = await keys.GetOrCreateAsync("subject-1", Ct);

        Assert.Equal(first.Key.DataKeyId, second.Key.DataKeyId);
        var stored = Assert.Single(await StoredKeysAsync(instance));
        Assert.Equal(("subject-1", first.Key.DataKeyId, "ka"), (stored.SubjectId, stored.DataKeyId, stored.KekId));
        Assert.Equal(2 + 24 + 33 + 16, stored.Wrapped.Length);
    }

    [Fact]
    public async Task Keys_for_many_subjects_come_from_the_cache_the_store_or_are_created_once_each()
    {
        var instance = await StartAsync();
        var other = await StartAsync();
        var keys = instance.GetRequiredService<SubjectKeyService>();
        uint cachedId, storedId;
        using (var cached = await keys.GetOrCreateAsync("many-cached", Ct))
        {
            cachedId = cached.Key.DataKeyId;
        }

        using (var stored = await other.GetRequiredService<SubjectKeyService>().GetOrCreateAsync("many-stored", Ct))
        {
            storedId = stored.Key.DataKeyId;
        }

        var leases = await keys.GetOrCreateManyAsync(["many-cached", "many-stored", "many-new-1", "many-new-2", "many-new-1"], Ct);
        try
        {
            Assert.Equal(["many-cached", "many-new-1", "many-new-2", "many-stored"], leases.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(cachedId, leases["many-cached"].Key.DataKeyId);
            Assert.Equal(storedId, leases["many-stored"].Key.DataKeyId);
            Assert.Empty(await keys.GetOrCreateManyAsync([], Ct));
            var ciphertext = _encryptor.Encrypt(leases["many-new-1"].Key, Context("many-new-1"), Encoding.UTF8.GetBytes("batch"));
            Assert.Equal("batch", await DecryptAsync(other, "many-new-1", ciphertext));
        }
        finally
        {
            foreach (var lease in leases.Values)
            {
                lease.Dispose();
            }
        }

        using (var again = await keys.GetOrCreateAsync("many-new-2", Ct))
        {
            Assert.Equal(leases["many-new-2"].Key.DataKeyId, again.Key.DataKeyId);
        }

        var rows = await StoredKeysAsync(instance);
        Assert.Equal(["many-cached", "many-new-1", "many-new-2", "many-stored"], rows.Select(r => r.SubjectId));
        Assert.All(rows, r => Assert.Equal("ka", r.KekId));
    }

    [Fact]
    public async Task A_batch_that_loses_a_first_write_to_another_instance_uses_that_instances_key()
    {
        var instance = await StartAsync();
        var other = await StartAsync();

        // The other instance keys "lost-race" after this instance's look-up (simulated by a look-up that finds nothing),
        // so this instance's insert conflicts for it and succeeds for "won-race".
        var ciphertext = await EncryptAsync(other, "lost-race", "Jane Doe");
        await using var keys = new SubjectKeyService(
            new LookupMisses(instance.GetRequiredService<IDataKeyStore>()),
            instance.GetRequiredService<IKeyEncryptionKeyProvider>(),
            instance.GetRequiredService<Microsoft.Extensions.Options.IOptions<SubjectKeyOptions>>());
        var leases = await keys.GetOrCreateManyAsync(["won-race", "lost-race"], Ct);
        try
        {
            var stored = (await StoredKeysAsync(instance)).ToDictionary(r => r.SubjectId);
            Assert.Equal(stored["lost-race"].DataKeyId, leases["lost-race"].Key.DataKeyId);
            Assert.Equal(stored["won-race"].DataKeyId, leases["won-race"].Key.DataKeyId);
            Assert.Equal(DecryptionStatus.Success, _encryptor.TryDecrypt(leases["lost-race"].Key, Context("lost-race"), ciphertext, out var plaintext));
            Assert.Equal("Jane Doe", Encoding.UTF8.GetString(plaintext!));

            // The key this batch created and stored is the one the store holds: another instance decrypts with it.
            var mine = _encryptor.Encrypt(leases["won-race"].Key, Context("won-race"), Encoding.UTF8.GetBytes("John Roe"));
            Assert.Equal("John Roe", await DecryptAsync(other, "won-race", mine));
        }
        finally
        {
            foreach (var lease in leases.Values)
            {
                lease.Dispose();
            }
        }
    }

    [Fact]
    public async Task Values_of_0_B_to_64_KiB_round_trip_under_keys_kept_in_the_store()
    {
        var writer = await StartAsync();
        var reader = await StartAsync();
        var keysW = writer.GetRequiredService<SubjectKeyService>();
        var keysR = reader.GetRequiredService<SubjectKeyService>();
        var sizeRandom = new Random(20261126);
        var sizes = new[] { 0, 1, 31, 32, 33, 1024, 65536 }.Concat(Enumerable.Range(0, 12).Select(_ => sizeRandom.Next(0, 65537)));
        foreach (var (size, index) in sizes.Select((s, i) => (s, i)))
        {
            var subject = $"sized-{index % 3}";
            var plaintext = new byte[size];
            sizeRandom.NextBytes(plaintext);
            byte[] ciphertext;
            using (var lease = await keysW.GetOrCreateAsync(subject, Ct))
            {
                ciphertext = _encryptor.Encrypt(lease.Key, Context(subject), plaintext);
            }

            Assert.True(FieldEncryptor.TryReadHeader(ciphertext, out var header));
            using var lookup = await keysR.FindAsync(subject, header.DataKeyId, Ct);
            Assert.False(lookup.IsErased);
            Assert.Equal(DecryptionStatus.Success, _encryptor.TryDecrypt(lookup.Lease.Key, Context(subject), ciphertext, out var decrypted));
            Assert.Equal(plaintext, decrypted);
        }
    }

    [Fact]
    public async Task Values_round_trip_through_a_fresh_instance_that_only_has_the_store()
    {
        var writer = await StartAsync();
        var ciphertext = await EncryptAsync(writer, "subject-2", "Jane Doe");
        var reader = await StartAsync();

        Assert.Equal("Jane Doe", await DecryptAsync(reader, "subject-2", ciphertext));
        Assert.DoesNotContain("Jane", Encoding.UTF8.GetString(ciphertext));
    }

    [Fact]
    public async Task Shredding_makes_a_subjects_values_erased_and_leaves_others_readable()
    {
        var instance = await StartAsync();
        var jane = await EncryptAsync(instance, "jane", "Jane Doe");
        var max = await EncryptAsync(instance, "max", "Max Mustermann");

        Assert.True(await instance.GetRequiredService<SubjectKeyService>().ShredAsync("jane", Ct));

        Assert.Null(await DecryptAsync(instance, "jane", jane));
        Assert.Equal("Max Mustermann", await DecryptAsync(instance, "max", max));
        Assert.Null(await DecryptAsync(await StartAsync(), "jane", jane));
        Assert.False(await instance.GetRequiredService<SubjectKeyService>().ShredAsync("jane", Ct));
    }

    [Fact]
    public async Task A_value_whose_key_was_lost_without_a_shred_fails_closed()
    {
        var writer = await StartAsync();
        var ciphertext = await EncryptAsync(writer, "lost-subject", "Jane Doe");
        var wrapped = Assert.Single(await StoredKeysAsync(writer)).Wrapped;

        // The key disappears without a shred (a restore from an old backup, the wrong database): no tombstone.
        await using (var context = writer.GetRequiredService<PrivacyStoreContextFactory>().CreateDbContext())
        {
            Assert.Equal(1, await context.SubjectKeys.Where(k => k.SubjectId == "lost-subject").ExecuteDeleteAsync(Ct));
        }

        var reader = await StartAsync();
        Assert.True(FieldEncryptor.TryReadHeader(ciphertext, out var header));
        var error = await Assert.ThrowsAsync<DataKeyMissingException>(() => reader.GetRequiredService<SubjectKeyService>().FindAsync("lost-subject", header.DataKeyId, Ct).AsTask());
        Assert.DoesNotContain("lost-subject", error.Message);
        Assert.DoesNotContain(Convert.ToBase64String(wrapped), error.Message);
        Assert.DoesNotContain(Convert.ToHexString(wrapped), error.Message, StringComparison.OrdinalIgnoreCase);

        // Once the subject is shredded, the same lookup means erased.
        await reader.GetRequiredService<SubjectKeyService>().ShredAsync("lost-subject", Ct);
        Assert.Null(await DecryptAsync(await StartAsync(), "lost-subject", ciphertext));
    }

    [Fact]
    public async Task A_new_key_after_a_shred_does_not_revive_old_values()
    {
        var instance = await StartAsync();
        var old = await EncryptAsync(instance, "returning", "Old Name");
        await instance.GetRequiredService<SubjectKeyService>().ShredAsync("returning", Ct);
        var fresh = await EncryptAsync(instance, "returning", "New Name");

        Assert.Null(await DecryptAsync(instance, "returning", old));
        Assert.Equal("New Name", await DecryptAsync(instance, "returning", fresh));
    }

    [Fact]
    public async Task Rotation_rewraps_every_key_and_old_values_stay_readable()
    {
        var before = await StartAsync();
        var values = new Dictionary<string, byte[]>();
        for (var i = 0; i < 7; i++)
        {
            values[$"subject-{i}"] = await EncryptAsync(before, $"subject-{i}", $"Name {i}");
        }

        var rotated = await StartAsync(null, ("kb", TestKeys.SecretB), ("ka", TestKeys.SecretA));
        var progress = new List<RootKeyRotationResult>();
        var result = await rotated.GetRequiredService<SubjectKeyService>().RewrapAsync(new SyncProgress(progress), pageSize: 3, Ct);

        Assert.Equal(new RootKeyRotationResult(7, 0), result);
        Assert.Equal([3L, 6L, 7L], progress.Select(p => p.Rewrapped));
        Assert.All(await StoredKeysAsync(rotated), k => Assert.Equal("kb", k.KekId));
        Assert.Equal(new RootKeyRotationResult(0, 0), await rotated.GetRequiredService<SubjectKeyService>().RewrapAsync(null, 3, Ct));

        var afterRetirement = await StartAsync(["ka"], ("kb", TestKeys.SecretB));
        foreach (var (subject, ciphertext) in values)
        {
            Assert.Equal($"Name {subject[^1]}", await DecryptAsync(afterRetirement, subject, ciphertext));
        }

        using var newKey = await afterRetirement.GetRequiredService<SubjectKeyService>().GetOrCreateAsync("newcomer", Ct);
        Assert.Equal("kb", (await StoredKeysAsync(afterRetirement)).Single(k => k.SubjectId == "newcomer").KekId);
    }

    [Fact]
    public async Task A_key_wrapped_by_a_retired_root_key_is_refused_with_a_clear_error()
    {
        var before = await StartAsync();
        var ciphertext = await EncryptAsync(before, "unrotated", "Jane Doe");
        var retired = await StartAsync(["ka"], ("kb", TestKeys.SecretB));

        var error = await Assert.ThrowsAsync<RetiredRootKeyException>(() => DecryptAsync(retired, "unrotated", ciphertext));

        Assert.Contains("'ka' is retired", error.Message);
        Assert.DoesNotContain("unrotated", error.Message);
        Assert.DoesNotContain(TestKeys.SecretA, error.Message);
    }

    [Fact]
    public async Task A_key_wrapped_by_an_unknown_root_key_is_refused_with_a_clear_error()
    {
        var before = await StartAsync();
        var ciphertext = await EncryptAsync(before, "orphan", "Jane Doe");
        var other = await StartAsync(null, ("kb", TestKeys.SecretB));

        var error = await Assert.ThrowsAsync<UnknownRootKeyException>(() => DecryptAsync(other, "orphan", ciphertext));
        Assert.Contains("'ka' is not in the key ring", error.Message);
    }

    [Fact]
    public async Task A_wrapped_key_moved_to_another_subject_fails_closed()
    {
        var instance = await StartAsync();
        var victim = await EncryptAsync(instance, "victim", "Jane Doe");
        using (await instance.GetRequiredService<SubjectKeyService>().GetOrCreateAsync("attacker", Ct))
        {
        }

        await using (var context = instance.GetRequiredService<PrivacyStoreContextFactory>().CreateDbContext())
        {
            var victimKey = await context.SubjectKeys.SingleAsync(k => k.SubjectId == "victim", Ct);
            var attackerKey = await context.SubjectKeys.SingleAsync(k => k.SubjectId == "attacker", Ct);
            attackerKey.WrappedKey = victimKey.WrappedKey;
            attackerKey.DataKeyId = victimKey.DataKeyId;
            await context.SaveChangesAsync(Ct);
        }

        var reader = await StartAsync();
        Assert.True(FieldEncryptor.TryReadHeader(victim, out var header));
        var error = await Assert.ThrowsAsync<DataKeyUnavailableException>(() => reader.GetRequiredService<SubjectKeyService>().FindAsync("attacker", header.DataKeyId, Ct).AsTask());
        Assert.DoesNotContain("attacker", error.Message);
        Assert.DoesNotContain("victim", error.Message);
    }

    [Fact]
    public async Task Concurrent_first_writes_on_one_instance_share_one_key()
    {
        var instance = await StartAsync();
        var keys = instance.GetRequiredService<SubjectKeyService>();
        var leases = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await keys.GetOrCreateAsync("busy", Ct), Ct)));
        try
        {
            Assert.Single(leases.Select(l => l.Key.DataKeyId).Distinct());
            Assert.Single(await StoredKeysAsync(instance));
        }
        finally
        {
            foreach (var lease in leases)
            {
                lease.Dispose();
            }
        }
    }

    /// <summary>A store whose batch look-up finds nothing: as if every key in it was written just after the look-up.</summary>
    private sealed class LookupMisses(IDataKeyStore inner) : DelegatingDataKeyStore(inner)
    {
        public override ValueTask<IReadOnlyDictionary<string, WrappedDataKey>> FindManyAsync(IReadOnlyCollection<string> subjectIds, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyDictionary<string, WrappedDataKey>>(new Dictionary<string, WrappedDataKey>());
    }

    /// <summary>Reports synchronously, so the test sees every report before the rotation returns.</summary>
    private sealed class SyncProgress(List<RootKeyRotationResult> reports) : IProgress<RootKeyRotationResult>
    {
        public void Report(RootKeyRotationResult value) => reports.Add(value);
    }
}
