using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivacyGuard.Encryption;
using PrivacyGuard.Keys;
using PrivacyGuard.Tests;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Interception;

/// <summary>
/// The everyday EF Core surface end to end on a real database: one-line setup, protection on save, plaintext in the
/// application's entities, decryption on read, crypto-shredding, blind-index look-ups and refused projections. The
/// application's tables and the privacy store live in separate databases. One subclass per provider.
/// </summary>
public abstract class PersonalDataInterceptionTests : IAsyncLifetime
{
    private readonly List<ServiceProvider> _instances = [];
    private ServiceProvider? _services;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected CommandLog Log { get; } = new();

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not started.");

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

    /// <summary>Starts one application instance (its own service provider and caches) on the shared databases.</summary>
    protected async Task<ServiceProvider> StartInstanceAsync(Action<IServiceCollection>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        configureServices?.Invoke(services);
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "ka";
            keys.Keys["ka"] = TestKeys.SecretA;
        }).AddPrivacyStore(ConfigureStore).AddEntityFrameworkCore();
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

    protected AccountsDbContext NewContext(IServiceProvider? instance = null, Action<PrivacyGuardDbContextOptions>? configure = null)
    {
        var options = new DbContextOptionsBuilder<AccountsDbContext>();
        UseAppDatabase(options);
        options.UsePrivacyGuard(instance ?? Services, configure).AddInterceptors(Log);
        return new AccountsDbContext(options.Options);
    }

    protected static Account Jane() => new()
    {
        Id = Guid.NewGuid(),
        Email = "Jane.Doe@Example.com",
        SignUpIp = "203.0.113.77",
        UserName = "janedoe",
        RealName = "Jane Doe",
        Settings = """{"theme":"dark"}""",
        SearchableName = "Jane Q. Public",
        RecoveryEmail = "Jane.Recovery@Example.com",
        Notes = Encoding.UTF8.GetBytes("met Jane at the fair"),
    };

    protected static Account Max() => new()
    {
        Id = Guid.NewGuid(),
        Email = "max@example.org",
        SignUpIp = "198.51.100.9",
        RealName = "Max Mustermann",
        SearchableName = "Max M.",
    };

    protected async Task<Account> SaveAsync(Account account)
    {
        await using var db = NewContext();
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        return account;
    }

    /// <summary>The stored row, read with plain ADO.NET (no EF Core, no PrivacyGuard).</summary>
    protected async Task<Dictionary<string, object?>> RawRowAsync(Guid id)
    {
        await using var connection = CreateRawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT * FROM "Accounts" """;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            var row = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
            if (Guid.Parse(Convert.ToString(row["Id"])!) == id)
            {
                return row;
            }
        }

        throw new InvalidOperationException("No such row.");
    }

    protected async Task RawExecuteAsync(string sql)
    {
        await using var connection = CreateRawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task After_SaveChanges_the_entity_holds_plaintext_for_encrypted_and_tokens_for_pseudonymized_properties()
    {
        await using var db = NewContext();
        var jane = Jane();
        db.Accounts.Add(jane);
        await db.SaveChangesAsync(Ct);

        Assert.Equal("Jane Doe", jane.RealName);
        Assert.Equal("""{"theme":"dark"}""", jane.Settings);
        Assert.Equal("Jane Q. Public", jane.SearchableName);
        Assert.Equal("met Jane at the fair", Encoding.UTF8.GetString(jane.Notes!));
        Assert.DoesNotContain("jane", jane.Email, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("janedoe", jane.UserName!, StringComparison.Ordinal);
        Assert.StartsWith("ka_", jane.UserName);
        Assert.Equal("203.0.113.0", jane.SignUpIp);
        Assert.Equal(EntityState.Unchanged, db.Entry(jane).State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Saving_200_new_subjects_asks_the_privacy_store_for_their_keys_in_one_batch(bool synchronous)
    {
        var counting = await StartInstanceAsync(services =>
        {
            // Registered before AddPrivacyStore, whose TryAdd then keeps this wrapper around the real store.
            services.AddSingleton<EfDataKeyStore>();
            services.AddSingleton<CountingDataKeyStore>(sp => new(sp.GetRequiredService<EfDataKeyStore>()));
            services.AddSingleton<IDataKeyStore>(sp => sp.GetRequiredService<CountingDataKeyStore>());
        });
        var store = counting.GetRequiredService<CountingDataKeyStore>();
        var accounts = Enumerable.Range(0, 200).Select(i =>
        {
            var account = i % 2 == 0 ? Jane() : Max();
            account.RealName += $" {i}";
            return account;
        }).ToList();

        await using (var db = NewContext(counting))
        {
            db.Accounts.AddRange(accounts);
            Assert.Equal(200, synchronous ? db.SaveChanges() : await db.SaveChangesAsync(Ct));
        }

        Assert.Equal(new StoreCalls(FindMany: 1, GetOrAddMany: 1, Find: 0, GetOrAdd: 0), store.Calls);
        Assert.Equal(200, store.SubjectsAdded);

        // Read back through an instance with a cold cache: every key came from the store.
        var reader = await StartInstanceAsync();
        await using var readDb = NewContext(reader);
        var read = await readDb.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, Ct);
        Assert.All(accounts, a => Assert.Equal(a.RealName, read[a.Id].RealName));
        Assert.All(accounts, a => Assert.Equal(a.SearchableName, read[a.Id].SearchableName));
    }

    [Fact]
    public async Task The_database_holds_no_email_ip_or_name_in_clear()
    {
        var jane = await SaveAsync(Jane());

        var row = await RawRowAsync(jane.Id);
        var text = string.Join("|", row.Values.Select(v => v is byte[] b ? Encoding.UTF8.GetString(b) : Convert.ToString(v)));
        foreach (var secret in new[] { "Jane", "jane", "Doe", "203.0.113.77", "dark", "fair", "Public", "Recovery" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.StartsWith("pg1.", (string)row["RealName"]!);
        Assert.StartsWith("pg1.", (string)row["Settings"]!);
        Assert.StartsWith("pg1.", (string)row["SearchableName"]!);
        Assert.StartsWith("pg1.", (string)row["RecoveryEmail"]!);
        Assert.True(FieldEncryptor.TryReadHeader((byte[])row["Notes"]!, out _));
        Assert.Equal("203.0.113.0", row["SignUpIp"]);
        Assert.Equal(jane.Email, row["Email"]);
        Assert.False(string.IsNullOrEmpty((string?)row["SearchableNameBlindIndex"]));
    }

    [Fact]
    public async Task A_second_SaveChanges_sends_no_update_and_an_edited_value_is_encrypted_again()
    {
        await using var db = NewContext();
        var jane = Jane();
        db.Accounts.Add(jane);
        await db.SaveChangesAsync(Ct);
        var before = (string)(await RawRowAsync(jane.Id))["RealName"]!;
        Log.Clear();

        Assert.Equal(0, await db.SaveChangesAsync(Ct));
        Assert.Equal(0, Log.Updates);
        db.ChangeTracker.DetectChanges();
        Assert.False(db.ChangeTracker.HasChanges());

        jane.RealName = "Jane Smith";
        Assert.Equal(1, await db.SaveChangesAsync(Ct));
        Assert.Equal(1, Log.Updates);
        Assert.Equal("Jane Smith", jane.RealName);
        var after = await RawRowAsync(jane.Id);
        Assert.StartsWith("pg1.", (string)after["RealName"]!);
        Assert.NotEqual(before, after["RealName"]);
        Assert.Equal(jane.Email, after["Email"]);

        await using var reader = NewContext();
        Assert.Equal("Jane Smith", (await reader.Accounts.SingleAsync(a => a.Id == jane.Id, Ct)).RealName);
    }

    [Fact]
    public async Task Synchronous_SaveChanges_and_queries_protect_and_decrypt_too()
    {
        var jane = Jane();
        using (var db = NewContext())
        {
            db.Accounts.Add(jane);
            db.SaveChanges();
            Assert.Equal("Jane Doe", jane.RealName);
        }

        Assert.StartsWith("pg1.", (string)(await RawRowAsync(jane.Id))["RealName"]!);
        using var reader = NewContext();
        Assert.Equal("Jane Doe", reader.Accounts.Single(a => a.Id == jane.Id).RealName);
    }

    [Fact]
    public async Task Tracked_and_no_tracking_queries_return_plaintext_and_tracked_entities_are_unchanged()
    {
        var jane = await SaveAsync(Jane());

        await using var db = NewContext();
        var tracked = await db.Accounts.SingleAsync(a => a.Id == jane.Id, Ct);
        Assert.Equal(("Jane Doe", """{"theme":"dark"}""", "Jane Q. Public"), (tracked.RealName, tracked.Settings, tracked.SearchableName));
        Assert.Equal("met Jane at the fair", Encoding.UTF8.GetString(tracked.Notes!));
        Assert.Equal("Jane Doe", db.Entry(tracked).Property(a => a.RealName).OriginalValue);
        db.ChangeTracker.DetectChanges();
        Assert.Equal(EntityState.Unchanged, db.Entry(tracked).State);
        Log.Clear();
        tracked.Plan = "pro";
        await db.SaveChangesAsync(Ct);
        Assert.DoesNotContain("RealName", Assert.Single(Log.Commands, c => c.Contains("UPDATE ", StringComparison.Ordinal)), StringComparison.Ordinal);

        await using var other = NewContext();
        var detached = await other.Accounts.AsNoTracking().SingleAsync(a => a.Id == jane.Id, Ct);
        Assert.Equal(("Jane Doe", "Jane Q. Public", "pro"), (detached.RealName, detached.SearchableName, detached.Plan));
    }

    [Fact]
    public async Task Queries_decrypt_whether_UsePrivacyGuard_comes_before_or_after_the_provider_and_inside_projections()
    {
        var jane = await SaveAsync(Jane());

        // UsePrivacyGuard first: its materializer must still win over the provider's, added after it.
        var options = new DbContextOptionsBuilder<AccountsDbContext>();
        options.UsePrivacyGuard(Services);
        UseAppDatabase(options);
        await using var first = new AccountsDbContext(options.Options);
        var loaded = await first.Accounts.AsNoTracking().SingleAsync(a => a.Id == jane.Id, Ct);
        Assert.Equal(("Jane Doe", "Jane Q. Public"), (loaded.RealName, loaded.SearchableName));

        // A whole entity inside a projection is decrypted like a query of the entity itself.
        await using var db = NewContext();
        var projected = await db.Accounts.Where(a => a.Id == jane.Id).Select(a => new { Account = a, a.Plan }).SingleAsync(Ct);
        Assert.Equal(("Jane Doe", """{"theme":"dark"}"""), (projected.Account.RealName, projected.Account.Settings));
        Assert.Equal(EntityState.Unchanged, db.Entry(projected.Account).State);
    }

    [Fact]
    public async Task Shredding_a_subject_reads_its_values_as_erased_and_leaves_others_readable()
    {
        var jane = await SaveAsync(Jane());
        var max = await SaveAsync(Max());

        Assert.True(await Services.GetRequiredService<SubjectKeyService>().ShredAsync(jane.Id.ToString("D"), Ct));

        await using var db = NewContext();
        var accounts = await db.Accounts.ToListAsync(Ct);
        var erased = accounts.Single(a => a.Id == jane.Id);
        var kept = accounts.Single(a => a.Id == max.Id);
        Assert.Null(erased.RealName);
        Assert.Null(erased.Notes);
        Assert.True(db.IsErased(erased, nameof(Account.RealName)));
        Assert.False(db.IsErased(erased, nameof(Account.Plan)));
        Assert.Equal(jane.Email, erased.Email);
        Assert.Equal("Max Mustermann", kept.RealName);
        Assert.Null(kept.Settings);
        Assert.False(db.IsErased(kept, nameof(Account.RealName)));
        Assert.False(db.IsErased(kept, nameof(Account.Settings)));
    }

    [Fact]
    public async Task WherePersonal_finds_an_account_by_the_plaintext_of_a_searchable_encrypted_property()
    {
        var jane = await SaveAsync(Jane());
        await SaveAsync(Max());

        await using var db = NewContext();
        var found = await db.Accounts.WherePersonal(a => a.SearchableName, "Jane Q. Public").SingleAsync(Ct);
        Assert.Equal(jane.Id, found.Id);
        Assert.Equal("Jane Doe", found.RealName);
        Assert.Empty(await db.Accounts.WherePersonal(a => a.SearchableName, "Nobody").ToListAsync(Ct));
        var byEmail = await db.Accounts.WherePersonal(a => a.RecoveryEmail, "jane.recovery@EXAMPLE.com").SingleAsync(Ct);
        Assert.Equal(("Jane.Recovery@Example.com", jane.Id), (byEmail.RecoveryEmail, byEmail.Id));
        Assert.DoesNotContain(Log.Commands, c => c.Contains("Jane", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidOperationException>(() => db.Accounts.WherePersonal(a => a.RealName, "Jane Doe"));
        Assert.Contains("Account.RealName", error.Message);
    }

    [Fact]
    public async Task WherePersonal_finds_an_account_by_the_plaintext_of_a_pseudonymized_property()
    {
        var jane = await SaveAsync(Jane());
        await SaveAsync(Max());

        await using var db = NewContext();
        Assert.Equal(jane.Id, (await db.Accounts.WherePersonal(a => a.Email, "jane.doe@example.com").SingleAsync(Ct)).Id);
        Assert.Equal(jane.Id, (await db.Accounts.WherePersonal(a => a.UserName, "janedoe").SingleAsync(Ct)).Id);
        Assert.Equal(jane.Id, (await db.Accounts.WherePersonal(a => a.SignUpIp, "203.0.113.5").SingleAsync(Ct)).Id);
        Assert.Empty(await db.Accounts.WherePersonal(a => a.Email, "nobody@example.com").ToListAsync(Ct));
        Assert.DoesNotContain(Log.Commands, c => c.Contains("jane", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_query_that_projects_or_filters_on_an_encrypted_property_is_refused()
    {
        await SaveAsync(Jane());
        await using var db = NewContext();

        var projection = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Accounts.Select(a => a.RealName).ToListAsync(Ct));
        Assert.Contains("Account.RealName", projection.Message);
        Assert.Contains("ciphertext", projection.Message);
        var filter = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Accounts.Where(a => a.Settings == "Jane secret").ToListAsync(Ct));
        Assert.Contains("Account.Settings", filter.Message);
        Assert.DoesNotContain("Jane secret", filter.Message);

        Assert.Single(await db.Accounts.Where(a => a.Plan == "free").ToListAsync(Ct));
        Assert.Single(await db.Accounts.Select(a => new { a.Id, a.Email }).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_query_that_reads_an_encrypted_property_through_an_interface_cast_is_refused()
    {
        await SaveAsync(Jane());
        await using var db = NewContext();

        // A generic repository's ((IAccountView)a).RealName reads the same column as a.RealName: its ciphertext.
        var projection = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Accounts.Select(a => ((IAccountView)a).RealName).ToListAsync(Ct));
        Assert.Contains("Account.RealName", projection.Message);
        var filter = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Accounts.Where(a => (a as IAccountView).RealName == "Jane Doe").ToListAsync(Ct));
        Assert.Contains("Account.RealName", filter.Message);
        Assert.DoesNotContain("Jane Doe", filter.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Accounts.Select(a => EF.Property<string>((IAccountView)a, nameof(Account.RealName))).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_stored_value_that_is_not_ciphertext_is_refused_on_read()
    {
        await SaveAsync(Jane());
        await RawExecuteAsync("""UPDATE "Accounts" SET "RealName" = 'Plain Jane'""");

        await using var db = NewContext();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Accounts.ToListAsync(Ct));
        Assert.Contains("Account.RealName", error.Message);
        Assert.DoesNotContain("Plain Jane", error.Message);
    }

    [Fact]
    public async Task A_failed_save_leaves_plaintext_in_the_entity_and_a_retry_protects_once()
    {
        var jane = await SaveAsync(Jane());
        await using var db = NewContext();
        var duplicate = Max();
        duplicate.Id = jane.Id;
        db.Accounts.Add(duplicate);

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));

        Assert.Equal(("Max Mustermann", "max@example.org", "198.51.100.9"), (duplicate.RealName, duplicate.Email, duplicate.SignUpIp));
        duplicate.Id = Guid.NewGuid();
        await db.SaveChangesAsync(Ct);
        Assert.Equal("Max Mustermann", duplicate.RealName);
        await using var reader = NewContext();
        var stored = await reader.Accounts.AsNoTracking().SingleAsync(a => a.Id == duplicate.Id, Ct);
        Assert.Equal(("Max Mustermann", duplicate.Email, "198.51.100.0"), (stored.RealName, stored.Email, stored.SignUpIp));
    }

    [Fact]
    public async Task A_fresh_instance_with_an_empty_key_cache_reads_plaintext()
    {
        var jane = await SaveAsync(Jane());
        var fresh = await StartInstanceAsync();

        using var db = NewContext(fresh);
        var loaded = db.Accounts.AsNoTracking().Single(a => a.Id == jane.Id);
        Assert.Equal(("Jane Doe", "Jane Q. Public"), (loaded.RealName, loaded.SearchableName));
    }

    [Fact]
    public async Task The_default_purpose_selects_the_pseudonymization_keys()
    {
        var service = await SaveAsync(Jane());
        var marketing = Jane();
        await using (var db = NewContext(configure: o => o.DefaultPurpose = ProcessingPurpose.Marketing))
        {
            db.Accounts.Add(marketing);
            await db.SaveChangesAsync(Ct);
        }

        Assert.NotEqual(service.Email, marketing.Email);
        Assert.NotEqual(service.UserName, marketing.UserName);
        Assert.Equal(service.SignUpIp, marketing.SignUpIp);
    }

    [Fact]
    public async Task An_ip_classified_prefix_preserving_is_stored_prefix_preserved_whatever_mode_is_configured()
    {
        var jane = Jane();
        jane.LastIp = "203.0.113.77";
        await SaveAsync(jane);

        Assert.True(System.Net.IPAddress.TryParse(jane.LastIp, out _));
        Assert.NotEqual("203.0.113.77", jane.LastIp);
        Assert.NotEqual("203.0.113.0", jane.LastIp);
        Assert.Equal(jane.LastIp, (await RawRowAsync(jane.Id))["LastIp"]);
    }

    [Fact]
    public async Task A_new_value_saved_for_an_erased_property_is_readable_and_no_longer_erased()
    {
        var jane = await SaveAsync(Jane());
        await Services.GetRequiredService<SubjectKeyService>().ShredAsync(jane.Id.ToString("D"), Ct);

        await using var db = NewContext();
        var erased = await db.Accounts.SingleAsync(a => a.Id == jane.Id, Ct);
        Assert.True(db.IsErased(erased, nameof(Account.RealName)));
        erased.RealName = "J. D.";
        await db.SaveChangesAsync(Ct);
        Assert.False(db.IsErased(erased, nameof(Account.RealName)));

        await using var reader = NewContext();
        var reloaded = await reader.Accounts.SingleAsync(a => a.Id == jane.Id, Ct);
        Assert.Equal("J. D.", reloaded.RealName);
        Assert.Null(reloaded.Settings);
        Assert.True(reader.IsErased(reloaded, nameof(Account.Settings)));
    }

    [Fact]
    public async Task A_bulk_update_of_personal_data_is_refused_because_it_bypasses_protection()
    {
        var jane = await SaveAsync(Jane());
        await using var db = NewContext();

        var encrypted = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Accounts.ExecuteUpdateAsync(s => s.SetProperty(a => a.RealName, "Jane Plain"), Ct));
        Assert.Contains("Account.RealName", encrypted.Message);
        var pseudonymized = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Accounts.ExecuteUpdateAsync(s => s.SetProperty(a => a.Email, "jane@plain.example"), Ct));
        Assert.Contains("Account.Email", pseudonymized.Message);
        Assert.DoesNotContain("jane@plain.example", pseudonymized.Message);

        Assert.Equal(1, await db.Accounts.Where(a => a.Id == jane.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Plan, "pro"), Ct));
        Assert.Equal(jane.Email, (await RawRowAsync(jane.Id))["Email"]);
    }

    [Fact]
    public async Task One_line_setup_in_AddDbContext_protects_and_reads_through_scoped_contexts()
    {
        var services = new ServiceCollection();
        services.AddDbContext<AccountsDbContext>((sp, options) => UseAppDatabase(options.UsePrivacyGuard(Services)));
        await using var app = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var jane = Jane();
        await using (var scope = app.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            db.Accounts.Add(jane);
            await db.SaveChangesAsync(Ct);
        }

        Assert.StartsWith("pg1.", (string)(await RawRowAsync(jane.Id))["RealName"]!);
        await using (var scope = app.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            Assert.Equal("Jane Doe", (await db.Accounts.SingleAsync(a => a.Id == jane.Id, Ct)).RealName);
        }
    }

    [Fact]
    public async Task Concurrent_saves_and_reads_on_many_contexts_share_the_interceptors_safely()
    {
        var accounts = Enumerable.Range(0, 24).Select(i =>
        {
            var account = Jane();
            account.RealName = $"Person {i}";
            account.Email = $"person{i}@example.com";
            return account;
        }).ToList();

        await Task.WhenAll(accounts.Select(account => Task.Run(() => SaveAsync(account), Ct)));
        var names = await Task.WhenAll(accounts.Select(account => Task.Run(async () =>
        {
            await using var db = NewContext();
            return (await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account.Id, Ct)).RealName;
        }, Ct)));

        Assert.Equal(accounts.Select(a => a.RealName), names);
        Assert.Equal(24, accounts.Select(a => a.Email).Distinct().Count());
    }

    [Fact]
    public async Task Derived_entities_are_protected_and_found_through_their_base_set()
    {
        var member = new Member { Id = Guid.NewGuid(), Name = "Erika Member", Level = 3 };
        await using (var db = NewContext())
        {
            db.People.AddRange(member, new Person { Id = Guid.NewGuid(), Name = "Otto Person" });
            await db.SaveChangesAsync(Ct);
            Assert.Equal("Erika Member", member.Name);
        }

        await using var reader = NewContext();
        var found = Assert.IsType<Member>(await reader.People.WherePersonal(p => p.Name, "Erika Member").SingleAsync(Ct));
        Assert.Equal(("Erika Member", 3), (found.Name, found.Level));
        Assert.Equal(["Erika Member", "Otto Person"], (await reader.People.AsNoTracking().ToListAsync(Ct)).Select(p => p.Name).Order());
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.People.OfType<Member>().Select(m => m.Name).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_save_that_does_not_accept_changes_leaves_plaintext_and_accepting_later_sends_nothing_more()
    {
        await using var db = NewContext();
        var jane = Jane();
        db.Accounts.Add(jane);
        await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, Ct);

        Assert.Equal("Jane Doe", jane.RealName);
        Assert.StartsWith("pg1.", (string)(await RawRowAsync(jane.Id))["RealName"]!);
        db.ChangeTracker.AcceptAllChanges();
        Assert.Equal("Jane Doe", db.Entry(jane).Property(a => a.RealName).OriginalValue);
        Log.Clear();
        await db.SaveChangesAsync(Ct);
        Assert.Equal(0, Log.Updates);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Putting_plaintext_back_after_a_save_leaves_the_entity_unchanged_without_passing_through_modified(bool update)
    {
        await using var db = NewContext();
        var jane = Jane();
        db.Accounts.Add(jane);
        await db.SaveChangesAsync(Ct);
        if (update)
        {
            jane.RealName = "Jane Smith";
            jane.Notes = Encoding.UTF8.GetBytes("moved away");
        }
        else
        {
            db.Accounts.Add(jane = Max());
        }

        var states = new List<(EntityState Old, EntityState New)>();
        db.ChangeTracker.StateChanged += (_, e) => states.Add((e.OldState, e.NewState));
        await db.SaveChangesAsync(Ct);

        // The save's own transitions only (an edit is detected when the save starts, then accepted).
        (EntityState, EntityState)[] expected = update
            ? [(EntityState.Unchanged, EntityState.Modified), (EntityState.Modified, EntityState.Unchanged)]
            : [(EntityState.Added, EntityState.Unchanged)];
        Assert.Equal(expected, states);
        var entry = db.Entry(jane);
        Assert.Equal(EntityState.Unchanged, entry.State);
        Assert.Equal(jane.RealName, entry.Property(a => a.RealName).OriginalValue);
        Assert.Equal(jane.RealName, entry.Property(a => a.RealName).CurrentValue);
        Assert.Equal(update ? "Jane Smith" : "Max Mustermann", jane.RealName);
        Assert.Equal(jane.SearchableName, entry.Property(a => a.SearchableName).OriginalValue);
        Assert.Equal(jane.Notes, entry.Property(a => a.Notes).OriginalValue);
        Assert.All(entry.Properties, p => Assert.False(p.IsModified, p.Metadata.Name));
        db.ChangeTracker.DetectChanges();
        Assert.False(db.ChangeTracker.HasChanges());
        Log.Clear();
        Assert.Equal(0, await db.SaveChangesAsync(Ct));
        Assert.Equal(0, Log.Updates);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_save_repeated_before_its_changes_are_accepted_stores_each_token_once(bool synchronous)
    {
        // The reference: the same values saved once, the usual way.
        var reference = await RawRowAsync((await SaveAsync(Jane())).Id);
        await using var db = NewContext();
        var jane = Jane();
        db.Accounts.Add(jane);

        // An execution strategy's retry of a user transaction: SaveChanges(false), the commit fails, the same save again.
        await using (var failed = await db.Database.BeginTransactionAsync(Ct))
        {
            _ = synchronous ? db.SaveChanges(acceptAllChangesOnSuccess: false) : await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, Ct);
            await failed.RollbackAsync(Ct);
        }

        await using (var retried = await db.Database.BeginTransactionAsync(Ct))
        {
            _ = synchronous ? db.SaveChanges(acceptAllChangesOnSuccess: false) : await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, Ct);
            await retried.CommitAsync(Ct);
        }

        db.ChangeTracker.AcceptAllChanges();
        var row = await RawRowAsync(jane.Id);
        Assert.Equal((reference["Email"], reference["UserName"], reference["SignUpIp"]), (row["Email"], row["UserName"], row["SignUpIp"]));
        Log.Clear();
        await db.SaveChangesAsync(Ct);
        Assert.Equal(0, Log.Updates);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_entity_saved_again_with_every_property_marked_modified_keeps_its_tokens(bool readWithoutTracking)
    {
        var saved = await SaveAsync(Jane());
        var stored = await RawRowAsync(saved.Id);

        // The usual disconnected update: an entity read back (or sent back by a client) and saved with Update(entity).
        Account account;
        await using (var reader = NewContext())
        {
            account = readWithoutTracking
                ? await reader.Accounts.AsNoTracking().SingleAsync(a => a.Id == saved.Id, Ct)
                : await reader.Accounts.SingleAsync(a => a.Id == saved.Id, Ct);
        }

        await using (var writer = NewContext())
        {
            writer.Update(account);
            await writer.SaveChangesAsync(Ct);
        }

        var row = await RawRowAsync(saved.Id);
        Assert.Equal((stored["Email"], stored["UserName"]), (row["Email"], row["UserName"]));
        Assert.Equal((stored["Email"], stored["UserName"]), (account.Email, account.UserName));

        // A new clear value in the same kind of save is still pseudonymized.
        account.Email = "jane.new@example.com";
        await using (var writer = NewContext())
        {
            writer.Update(account);
            await writer.SaveChangesAsync(Ct);
        }

        row = await RawRowAsync(saved.Id);
        Assert.NotEqual(stored["Email"], row["Email"]);
        Assert.DoesNotContain("jane", (string)row["Email"]!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(stored["UserName"], row["UserName"]);
    }
}
