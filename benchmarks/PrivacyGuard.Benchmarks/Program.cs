using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/PrivacyGuard.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(PrivacyGuard.Benchmarks.BenchmarkConfig).Assembly).Run(args, new PrivacyGuard.Benchmarks.BenchmarkConfig());
