using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivacyGuard.Benchmarks.EntityFrameworkCore;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore;

namespace PrivacyGuard.Benchmarks;

/// <summary>
/// EF Core with PrivacyGuard against plain EF Core in the same run, each on its own SQLite file (WAL), the privacy
/// store on a third: <c>SaveChangesAsync</c> of 1,000 new <see cref="Customer"/> rows (2 pseudonymized and 3 encrypted
/// properties each) and a query materializing 1,000 such rows. Targets: both within 1.5× of plain EF Core.
/// </summary>
/// <remarks>
/// Inserts run one invocation per iteration: the table is emptied and the 1,000 entities built in
/// <see cref="IterationSetup"/>, outside the measurement, so every iteration inserts into an empty table. "New subjects"
/// gives every row a subject seen for the first time, so each save also creates, wraps and stores 1,000 data keys (the
/// cost of a sign-up burst); "50 cached subjects" spreads the rows over 50 subjects whose keys are already in the key
/// cache (the steady state). Queries read 1,000 rows of 1,000 subjects whose keys are cached (1,000 read events, one
/// per subject, go to the access log with each query), and, in their own pair of files, 1,000 rows of the 50 cached
/// subjects (50 read events per query): the cost of decryption with less of the access log's.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[InvocationCount(1)]
[WarmupCount(3)]
[IterationCount(10)]
public class EntityFrameworkCoreBenchmarks
{
    private const int Rows = 1_000;
    private const int CachedSubjects = 50;
    private const string Insert = "Insert 1,000";
    private const string QueryNoTracking = "Query 1,000, no tracking";
    private const string QueryTracked = "Query 1,000, tracked";
    private const string QueryFewSubjects = "Query 1,000 of 50 subjects, tracked";

    private readonly Guid[] _cachedSubjects = [.. Enumerable.Range(0, CachedSubjects).Select(_ => Guid.NewGuid())];
    private string _folder = "";
    private string _plainConnectionString = "";
    private string _guardedConnectionString = "";
    private string _plainFewSubjectsConnectionString = "";
    private string _guardedFewSubjectsConnectionString = "";
    private ServiceProvider _services = null!;
    private List<Customer> _batch = [];

    [GlobalSetup(Targets = new[] { nameof(InsertPlain), nameof(InsertGuardedNewSubjects), nameof(InsertGuardedCachedSubjects) })]
    public void SetupInserts() => StartAsync(seedQueryRows: false).GetAwaiter().GetResult();

    [GlobalSetup(Targets = new[] { nameof(QueryPlainNoTracking), nameof(QueryGuardedNoTracking), nameof(QueryPlainTracked), nameof(QueryGuardedTracked), nameof(QueryPlainTrackedFewSubjects), nameof(QueryGuardedTrackedFewSubjects) })]
    public void SetupQueries() => StartAsync(seedQueryRows: true).GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(InsertPlain))]
    public void BeforePlainInsert() => PrepareInsert(plain: true, i => Customer.Create(i, Guid.NewGuid()));

    [IterationSetup(Target = nameof(InsertGuardedNewSubjects))]
    public void BeforeGuardedInsertOfNewSubjects() => PrepareInsert(plain: false, i => Customer.Create(i, Guid.NewGuid()));

    [IterationSetup(Target = nameof(InsertGuardedCachedSubjects))]
    public void BeforeGuardedInsertOfCachedSubjects() => PrepareInsert(plain: false, i => Customer.Create(i, _cachedSubjects[i % CachedSubjects]));

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [BenchmarkCategory(Insert)]
    [Benchmark(Baseline = true, Description = "anchor: plain EF Core, SaveChanges of 1,000 new rows")]
    public async Task<int> InsertPlain()
    {
        await using var db = NewPlainContext();
        db.Customers.AddRange(_batch);
        return await db.SaveChangesAsync();
    }

    [BenchmarkCategory(Insert)]
    [Benchmark(Description = "PrivacyGuard, 1,000 new subjects (1,000 data keys created)")]
    public async Task<int> InsertGuardedNewSubjects()
    {
        await using var db = NewGuardedContext();
        db.Customers.AddRange(_batch);
        return await db.SaveChangesAsync();
    }

    [BenchmarkCategory(Insert)]
    [Benchmark(Description = "PrivacyGuard, 50 subjects with cached keys")]
    public async Task<int> InsertGuardedCachedSubjects()
    {
        await using var db = NewGuardedContext();
        db.Customers.AddRange(_batch);
        return await db.SaveChangesAsync();
    }

    [BenchmarkCategory(QueryNoTracking)]
    [Benchmark(Baseline = true, Description = "anchor: plain EF Core, AsNoTracking().ToListAsync()")]
    public async Task<int> QueryPlainNoTracking()
    {
        await using var db = NewPlainContext();
        return (await db.Customers.AsNoTracking().ToListAsync()).Count;
    }

    [BenchmarkCategory(QueryNoTracking)]
    [Benchmark(Description = "PrivacyGuard, AsNoTracking().ToListAsync() (3,000 values decrypted)")]
    public async Task<int> QueryGuardedNoTracking()
    {
        await using var db = NewGuardedContext();
        return (await db.Customers.AsNoTracking().ToListAsync()).Count;
    }

    [BenchmarkCategory(QueryTracked)]
    [Benchmark(Baseline = true, Description = "anchor: plain EF Core, tracked ToListAsync()")]
    public async Task<int> QueryPlainTracked()
    {
        await using var db = NewPlainContext();
        return (await db.Customers.ToListAsync()).Count;
    }

    [BenchmarkCategory(QueryTracked)]
    [Benchmark(Description = "PrivacyGuard, tracked ToListAsync() (3,000 values decrypted)")]
    public async Task<int> QueryGuardedTracked()
    {
        await using var db = NewGuardedContext();
        return (await db.Customers.ToListAsync()).Count;
    }

    [BenchmarkCategory(QueryFewSubjects)]
    [Benchmark(Baseline = true, Description = "anchor: plain EF Core, tracked ToListAsync() of 1,000 rows of 50 subjects")]
    public async Task<int> QueryPlainTrackedFewSubjects()
    {
        await using var db = NewPlainContext(_plainFewSubjectsConnectionString);
        return (await db.Customers.ToListAsync()).Count;
    }

    [BenchmarkCategory(QueryFewSubjects)]
    [Benchmark(Description = "PrivacyGuard, tracked ToListAsync() of 1,000 rows of 50 subjects (3,000 values decrypted, 50 read events)")]
    public async Task<int> QueryGuardedTrackedFewSubjects()
    {
        await using var db = NewGuardedContext(_guardedFewSubjectsConnectionString);
        return (await db.Customers.ToListAsync()).Count;
    }

    private async Task StartAsync(bool seedQueryRows)
    {
        _folder = Path.Combine(Path.GetTempPath(), "privacyguard-efbench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(_folder, "store"));
        _plainConnectionString = $"Data Source={Path.Combine(_folder, "plain.db")}";
        _guardedConnectionString = $"Data Source={Path.Combine(_folder, "guarded.db")}";
        _plainFewSubjectsConnectionString = $"Data Source={Path.Combine(_folder, "plain-50.db")}";
        _guardedFewSubjectsConnectionString = $"Data Source={Path.Combine(_folder, "guarded-50.db")}";

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

        await using (var plain = NewPlainContext())
        {
            await plain.Database.EnsureCreatedAsync();
            await plain.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        await using (var guarded = NewGuardedContext())
        {
            await guarded.Database.EnsureCreatedAsync();
            await guarded.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        await CheckWhatEachContextStoresAsync();

        var keys = _services.GetRequiredService<SubjectKeyService>();
        foreach (var subject in _cachedSubjects)
        {
            (await keys.GetOrCreateAsync(subject.ToString("D"))).Dispose();
        }

        if (seedQueryRows)
        {
            await using var plain = NewPlainContext();
            plain.Customers.AddRange(Enumerable.Range(0, Rows).Select(i => Customer.Create(i, Guid.NewGuid())));
            await plain.SaveChangesAsync();
            await using var guarded = NewGuardedContext();
            guarded.Customers.AddRange(Enumerable.Range(0, Rows).Select(i => Customer.Create(i, Guid.NewGuid())));
            await guarded.SaveChangesAsync();

            await using var plainFew = NewPlainContext(_plainFewSubjectsConnectionString);
            await plainFew.Database.EnsureCreatedAsync();
            await plainFew.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            plainFew.Customers.AddRange(Enumerable.Range(0, Rows).Select(i => Customer.Create(i, _cachedSubjects[i % CachedSubjects])));
            await plainFew.SaveChangesAsync();
            await using var guardedFew = NewGuardedContext(_guardedFewSubjectsConnectionString);
            await guardedFew.Database.EnsureCreatedAsync();
            await guardedFew.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            guardedFew.Customers.AddRange(Enumerable.Range(0, Rows).Select(i => Customer.Create(i, _cachedSubjects[i % CachedSubjects])));
            await guardedFew.SaveChangesAsync();
        }
    }

    /// <summary>The comparison is only fair if the plain context stores plaintext and the other ciphertext.</summary>
    private async Task CheckWhatEachContextStoresAsync()
    {
        var canary = Customer.Create(0, Guid.NewGuid());
        await using (var plain = NewPlainContext())
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
        await using (var guarded = NewGuardedContext())
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

    private void PrepareInsert(bool plain, Func<int, Customer> create)
    {
        if (plain)
        {
            using var db = NewPlainContext();
            db.Customers.ExecuteDelete();
        }
        else
        {
            using var db = NewGuardedContext();
            db.Customers.ExecuteDelete();
        }

        _batch = [.. Enumerable.Range(0, Rows).Select(create)];
    }

    private PlainCustomersDbContext NewPlainContext(string? connectionString = null) =>
        new(new DbContextOptionsBuilder<PlainCustomersDbContext>().UseSqlite(connectionString ?? _plainConnectionString).Options);

    private GuardedCustomersDbContext NewGuardedContext(string? connectionString = null) =>
        new(new DbContextOptionsBuilder<GuardedCustomersDbContext>().UseSqlite(connectionString ?? _guardedConnectionString).UsePrivacyGuard(_services).Options);
}
