using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.Benchmarks.EntityFrameworkCore;

namespace PrivacyGuard.Benchmarks;

/// <summary>
/// EF Core with PrivacyGuard against plain EF Core in the same run (<see cref="CustomerDatabases"/>): a query
/// materializing 1,000 <see cref="Customer"/> rows (3,000 values decrypted). Target: within 1.5× of plain EF Core.
/// </summary>
/// <remarks>
/// 1,000 rows of 1,000 subjects whose keys are cached (1,000 read events, one per subject, go to the access log with
/// each query), and, in their own pair of files, 1,000 rows of the 50 cached subjects (50 read events per query): the
/// cost of decryption with less of the access log's. Unlike the inserts, queries need no per-iteration setup, so
/// BenchmarkDotNet runs as many invocations per iteration as its iteration time takes, which steadies the ratios.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[WarmupCount(3)]
[IterationCount(10)]
public class EntityFrameworkCoreQueryBenchmarks
{
    private const string QueryNoTracking = "Query 1,000, no tracking";
    private const string QueryTracked = "Query 1,000, tracked";
    private const string QueryFewSubjects = "Query 1,000 of 50 subjects, tracked";

    private readonly CustomerDatabases _databases = new();

    [GlobalSetup]
    public void Setup() => _databases.StartAsync(seedQueryRows: true).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _databases.StopAsync().GetAwaiter().GetResult();

    [BenchmarkCategory(QueryNoTracking)]
    [Benchmark(Baseline = true, Description = "anchor: plain EF Core, AsNoTracking().ToListAsync()")]
    public async Task<int> QueryPlainNoTracking()
    {
        await using var db = _databases.Plain();
        return (await db.Customers.AsNoTracking().ToListAsync()).Count;
    }

    [BenchmarkCategory(QueryNoTracking)]
    [Benchmark(Description = "PrivacyGuard, AsNoTracking().ToListAsync() (3,000 values decrypted)")]
    public async Task<int> QueryGuardedNoTracking()
    {
        await using var db = _databases.Guarded();
        return (await db.Customers.AsNoTracking().ToListAsync()).Count;
    }

    [BenchmarkCategory(QueryTracked)]
    [Benchmark(Baseline = true, Description = "anchor: plain EF Core, tracked ToListAsync()")]
    public async Task<int> QueryPlainTracked()
    {
        await using var db = _databases.Plain();
        return (await db.Customers.ToListAsync()).Count;
    }

    [BenchmarkCategory(QueryTracked)]
    [Benchmark(Description = "PrivacyGuard, tracked ToListAsync() (3,000 values decrypted)")]
    public async Task<int> QueryGuardedTracked()
    {
        await using var db = _databases.Guarded();
        return (await db.Customers.ToListAsync()).Count;
    }

    [BenchmarkCategory(QueryFewSubjects)]
    [Benchmark(Baseline = true, Description = "anchor: plain EF Core, tracked ToListAsync() of 1,000 rows of 50 subjects")]
    public async Task<int> QueryPlainTrackedFewSubjects()
    {
        await using var db = _databases.Plain(fewSubjects: true);
        return (await db.Customers.ToListAsync()).Count;
    }

    [BenchmarkCategory(QueryFewSubjects)]
    [Benchmark(Description = "PrivacyGuard, tracked ToListAsync() of 1,000 rows of 50 subjects (3,000 values decrypted, 50 read events)")]
    public async Task<int> QueryGuardedTrackedFewSubjects()
    {
        await using var db = _databases.Guarded(fewSubjects: true);
        return (await db.Customers.ToListAsync()).Count;
    }
}
