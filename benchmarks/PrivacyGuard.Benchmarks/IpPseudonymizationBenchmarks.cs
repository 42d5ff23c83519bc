using System.Net;
using BenchmarkDotNet.Attributes;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Benchmarks;

/// <summary>
/// IP truncation and prefix-preserving pseudonymization (string in, string out) against the anchor
/// <c>IPAddress.TryParse</c> + <c>TryFormat</c> of the same address alone.
/// </summary>
[MemoryDiagnoser]
public class IpPseudonymizationBenchmarks
{
    private readonly char[] _destination = new char[64];
    private IpAddressPseudonymizer _truncate = null!;
    private IpAddressPseudonymizer _prefixPreserving = null!;

    [Params("203.0.113.77", "2001:db8:85a3::8a2e:370:7334")]
    public string Address { get; set; } = "203.0.113.77";

    [GlobalSetup]
    public void Setup()
    {
        var tokenKey = new byte[32];
        var prefixKey = new byte[32];
        Random.Shared.NextBytes(tokenKey);
        Random.Shared.NextBytes(prefixKey);
        _truncate = new IpAddressPseudonymizer("k1", tokenKey, prefixKey, new IpPseudonymizerOptions { Mode = IpPseudonymizationMode.Truncate });
        _prefixPreserving = new IpAddressPseudonymizer("k1", tokenKey, prefixKey, new IpPseudonymizerOptions { Mode = IpPseudonymizationMode.PrefixPreserving });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _truncate.Dispose();
        _prefixPreserving.Dispose();
    }

    [Benchmark(Baseline = true, Description = "anchor: IPAddress.TryParse + TryFormat")]
    public int ParseAndFormat()
    {
        _ = IPAddress.TryParse(Address, out var address);
        address!.TryFormat(_destination, out var written);
        return written;
    }

    [Benchmark(Description = "Truncate (string in, string out)")]
    public string TruncateString() => _truncate.Pseudonymize(Address);

    [Benchmark(Description = "Truncate (span in, span out)")]
    public int TruncateSpan()
    {
        _ = _truncate.TryPseudonymize(Address, _destination, out var written);
        return written;
    }

    [Benchmark(Description = "PrefixPreserving (string in, string out)")]
    public string PrefixPreservingString() => _prefixPreserving.Pseudonymize(Address);
}
