using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using NSec.Cryptography;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Benchmarks;

/// <summary>
/// E-mail token (string in, string out) against its anchors on the same e-mail: the raw keyed primitive it uses
/// (keyed BLAKE2b-256/128 with the key block precomputed, over the UTF-8 bytes: no canonicalization, no encoding, no
/// string), Microsoft.Extensions.Compliance's HMAC redactor, and, for reference, libsodium's keyed BLAKE2b through NSec.
/// </summary>
[MemoryDiagnoser]
public class EmailPseudonymizationBenchmarks
{
    private const string Email = "Jane.Doe@Example.com";
    private static readonly Blake2bMac Blake2b = new(32, 16);
    private readonly byte[] _emailUtf8 = Encoding.UTF8.GetBytes(Email);
    private readonly char[] _destination = new char[128];
    private Key _rawKey = null!;
    private Blake2bKeyed _primitive = null!;
    private EmailPseudonymizer _pseudonymizer = null!;
    private Redactor _hmacRedactor = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[32];
        Random.Shared.NextBytes(key);
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None };
        _rawKey = Key.Import(Blake2b, key, KeyBlobFormat.RawSymmetricKey, in parameters);
        _pseudonymizer = new EmailPseudonymizer("k1", key, new EmailPseudonymizerOptions());
        _primitive = new Blake2bKeyed(key);

        var classification = new DataClassification("PrivacyGuard", "Email");
        _services = new ServiceCollection()
            .AddRedaction(builder => builder.SetHmacRedactor(
                options =>
                {
                    options.Key = Convert.ToBase64String([.. key, .. key]); // the redactor wants at least 44 base64 characters
                    options.KeyId = 1;
                },
                new DataClassificationSet(classification)))
            .BuildServiceProvider();
        _hmacRedactor = _services.GetRequiredService<IRedactorProvider>().GetRedactor(classification);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rawKey.Dispose();
        _primitive.Dispose();
        _pseudonymizer.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, Description = "anchor: the raw keyed primitive, precomputed-key BLAKE2b (bytes in, 16 bytes out)")]
    public byte RawKeyedPrimitive()
    {
        Span<byte> mac = stackalloc byte[16];
        _primitive.Compute(_emailUtf8, mac);
        return mac[0];
    }

    [Benchmark(Description = "reference: libsodium keyed BLAKE2b via NSec (bytes in, 16 bytes out)")]
    public byte LibsodiumKeyedBlake2b()
    {
        Span<byte> mac = stackalloc byte[16];
        Blake2b.Mac(_rawKey, _emailUtf8, mac);
        return mac[0];
    }

    [Benchmark(Description = "anchor: Compliance HMAC redactor (string in, string out)")]
    public string ComplianceHmacRedactor() => _hmacRedactor.Redact(Email);

    [Benchmark(Description = "PrivacyGuard e-mail token (string in, string out)")]
    public string EmailTokenString() => _pseudonymizer.Pseudonymize(Email);

    [Benchmark(Description = "PrivacyGuard e-mail token (span in, span out)")]
    public int EmailTokenSpan()
    {
        _ = _pseudonymizer.TryPseudonymize(Email, _destination, out var written);
        return written;
    }
}
