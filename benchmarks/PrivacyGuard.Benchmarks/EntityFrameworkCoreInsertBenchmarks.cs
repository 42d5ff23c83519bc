using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.Benchmarks.EntityFrameworkCore;

namespace PrivacyGuard.Benchmarks;

/// <summary>
/// EF Core with PrivacyGuard against plain EF Core in the same run (<see cref="CustomerDatabases"/>):
/// <c>SaveChangesAsync</c> of 1,000 new <see cref="Customer"/> rows (2 pseudonymized and 3 encrypted properties each).
/// Target: within 1.5× of plain EF Core.
/// </summary>
/// <remarks>
/// One invocation per iteration: the table is emptied and the 1,000 entities built in <see cref="IterationSetup"/>,
/// outside the measurement, so every iteration inserts into an empty table. "New subjects" gives every row a subject
/// seen for the first time, so each save also creates, wraps and stores 1,000 data keys (the cost of a sign-up burst);
/// "50 cached subjects" spreads the rows over 50 subjects whose keys are already in the key cache (the steady state).
/// With one invocation per iteration, warm-up has to be long: the runtime moves a method to optimized code only after
/// about 30 calls (tiered compilation, with an instrumented tier in between), and most of a save's methods run once per
/// save. With 3 warm-up iterations every measured save ran largely unoptimized code, which flattered the ratios (a plain
/// save took 140–160 ms instead of 20–30 ms warm).
/// </remarks>
[MemoryDiagnoser]
[CategoriesColumn]
[InvocationCount(1)]
[WarmupCount(60)]
[IterationCount(15)]
public class EntityFrameworkCoreInsertBenchmarks
{
    private const string Insert = "Insert 1,000";

    private readonly CustomerDatabases _databases = new();
    private List<Customer> _batch = [];

    [GlobalSetup]
    public void Setup() => _databases.StartAsync(seedQueryRows: false).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _databases.StopAsync().GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(InsertPlain))]
    public void BeforePlainInsert() => PrepareInsert(plain: true, i => Customer.Create(i, Guid.NewGuid()));

    [IterationSetup(Target = nameof(InsertGuardedNewSubjects))]
    public void BeforeGuardedInsertOfNewSubjects() => PrepareInsert(plain: false, i => Customer.Create(i, Guid.NewGuid()));

    [IterationSetup(Target = nameof(InsertGuardedCachedSubjects))]
    public void BeforeGuardedInsertOfCachedSubjects() =>
        PrepareInsert(plain: false, i => Customer.Create(i, _databases.CachedSubjects[i % CustomerDatabases.CachedSubjectCount]));

    [BenchmarkCategory(Insert)]
    [Benchmark(Baseline = true, Description = "anchor: plain EF Core, SaveChanges of 1,000 new rows")]
    public async Task<int> InsertPlain()
    {
        await using var db = _databases.Plain();
        db.Customers.AddRange(_batch);
        return await db.SaveChangesAsync();
    }

    [BenchmarkCategory(Insert)]
    [Benchmark(Description = "PrivacyGuard, 1,000 new subjects (1,000 data keys created)")]
    public async Task<int> InsertGuardedNewSubjects()
    {
        await using var db = _databases.Guarded();
        db.Customers.AddRange(_batch);
        return await db.SaveChangesAsync();
    }

    [BenchmarkCategory(Insert)]
    [Benchmark(Description = "PrivacyGuard, 50 subjects with cached keys")]
    public async Task<int> InsertGuardedCachedSubjects()
    {
        await using var db = _databases.Guarded();
        db.Customers.AddRange(_batch);
        return await db.SaveChangesAsync();
    }

    private void PrepareInsert(bool plain, Func<int, Customer> create)
    {
        using DbContext db = plain ? _databases.Plain() : _databases.Guarded();
        db.Set<Customer>().ExecuteDelete();
        _batch = [.. Enumerable.Range(0, CustomerDatabases.Rows).Select(create)];
    }
}
