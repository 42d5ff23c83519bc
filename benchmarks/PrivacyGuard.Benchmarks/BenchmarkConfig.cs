using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;

namespace PrivacyGuard.Benchmarks;

/// <summary>
/// One job per benchmark class with a fixed number of iterations (so a full run fits in minutes on two cores),
/// allocations measured, and ratios against each class's baseline shown: the ratio is the result that holds on a
/// noisy machine, not the nanoseconds.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        Add(DefaultConfig.Instance);
        AddJob(Job.Default.WithWarmupCount(4).WithIterationCount(12).WithLaunchCount(1));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(BaselineRatioColumn.RatioMean, BaselineRatioColumn.RatioStdDev);
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
    }
}
