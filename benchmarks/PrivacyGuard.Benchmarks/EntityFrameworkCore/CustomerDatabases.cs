using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore;

namespace PrivacyGuard.Benchmarks.EntityFrameworkCore;

/// <summary>
/// The databases both EF Core benchmark classes run on, in a temp folder: plain EF Core and the same entity with
/// <c>UsePrivacyGuard</c>, each on its own SQLite file (WAL), the privacy store on a third, and for queries a second
/// pair holding 1,000 rows of <see cref="CachedSubjects"/> (50) subjects. Start-up checks that the plain context stores
/// plaintext and the other ciphertext, and puts the 50 subjects' keys in the key cache.
/// </summary>
internal sealed class CustomerDatabases
{
    public const int Rows = 1_000;
    public const int CachedSubjectCount = 50;

    private string _folder = "";
    private string _plain = "";
    private string _guarded = "";
    private string _plainFewSubjects = "";
    private string _guardedFewSubjects = "";
    private ServiceProvider _services = null!;

    public Guid[] CachedSubjects { get; } = [.. Enumerable.Range(0, CachedSubjectCount).Select(_ => Guid.NewGuid())];

    public async Task StartAsync(bool seedQueryRows)
    {
        _folder = Path.Combine(Path.GetTempPath(), "privacyguard-efbench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(_folder, "store"));
        _plain = $"Data Source={Path.Combine(_folder, "plain.db")}";
        _guarded = $"Data Source={Path.Combine(_folder, "guarded.db")}";
        _plainFewSubjects = $"Data Source={Path.Combine(_folder, "plain-50.db")}";
        _guardedFewSubjects = $"Data Source={Path.Combine(_folder, "guarded-50.db")}";

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPrivacyGuard(keys =>
        {
            keys.CurrentKeyId = "bench";
            keys.Keys["bench"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }).AddPrivacyStore(store =>
        {
            store.Provider = PrivacyStoreProvider.Sqlite;
            store.DataDirectory = Path.Combine(_folder, "store");
        }).AddEntityFrameworkCore();
        // Keys made in setup stay cached for the whole run.
        services.Configure<SubjectKeyOptions>(o => o.CacheTimeToLive = TimeSpan.FromHours(1));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        await CreateAsync(Plain());
        await CreateAsync(Guarded());
        await CheckWhatEachContextStoresAsync();

        var keys = _services.GetRequiredService<SubjectKeyService>();
        foreach (var subject in CachedSubjects)
        {
            (await keys.GetOrCreateAsync(subject.ToString("D"))).Dispose();
        }

        if (seedQueryRows)
        {
            await SeedAsync(Plain(), i => Customer.Create(i, Guid.NewGuid()));
            await SeedAsync(Guarded(), i => Customer.Create(i, Guid.NewGuid()));
            await CreateAsync(Plain(fewSubjects: true));
            await SeedAsync(Plain(fewSubjects: true), i => Customer.Create(i, CachedSubjects[i % CachedSubjectCount]));
            await CreateAsync(Guarded(fewSubjects: true));
            await SeedAsync(Guarded(fewSubjects: true), i => Customer.Create(i, CachedSubjects[i % CachedSubjectCount]));
        }
    }

    public async Task StopAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public PlainCustomersDbContext Plain(bool fewSubjects = false) =>
        new(new DbContextOptionsBuilder<PlainCustomersDbContext>().UseSqlite(fewSubjects ? _plainFewSubjects : _plain).Options);

    public GuardedCustomersDbContext Guarded(bool fewSubjects = false) =>
        new(new DbContextOptionsBuilder<GuardedCustomersDbContext>().UseSqlite(fewSubjects ? _guardedFewSubjects : _guarded).UsePrivacyGuard(_services).Options);

    private static async Task CreateAsync(DbContext db)
    {
        await using (db)
        {
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }

    private static async Task SeedAsync(DbContext db, Func<int, Customer> create)
    {
        await using (db)
        {
            db.Set<Customer>().AddRange(Enumerable.Range(0, Rows).Select(create));
            await db.SaveChangesAsync();
        }
    }

    /// <summary>The comparison is only fair if the plain context stores plaintext and the other ciphertext.</summary>
    private async Task CheckWhatEachContextStoresAsync()
    {
        var canary = Customer.Create(0, Guid.NewGuid());
        await using (var plain = Plain())
        {
            plain.Customers.Add(canary);
            await plain.SaveChangesAsync();
            var stored = await plain.Database.SqlQueryRaw<string>("""SELECT "RealName" AS "Value" FROM "Customers" """).SingleAsync();
            if (stored != canary.RealName)
            {
                throw new InvalidOperationException("The plain context did not store plaintext.");
            }

            await plain.Customers.ExecuteDeleteAsync();
        }

        canary = Customer.Create(0, Guid.NewGuid());
        var realName = canary.RealName;
        await using (var guarded = Guarded())
        {
            guarded.Customers.Add(canary);
            await guarded.SaveChangesAsync();
            var stored = await guarded.Database.SqlQueryRaw<string>("""SELECT "RealName" AS "Value" FROM "Customers" """).SingleAsync();
            if (stored == realName || !stored.StartsWith("pg1.", StringComparison.Ordinal) || canary.RealName != realName)
            {
                throw new InvalidOperationException("The PrivacyGuard context did not store ciphertext (or left it in the entity).");
            }

            await guarded.Customers.ExecuteDeleteAsync();
        }
    }
}
