using BenchmarkDotNet.Attributes;
using NSec.Cryptography;
using PrivacyGuard.Encryption;

namespace PrivacyGuard.Benchmarks;

/// <summary>
/// Field encryption of a 32-byte value (encrypt then decrypt) against its anchor: raw NSec AEGIS-256 with a fixed,
/// pre-made nonce and no associated data, so nonce generation, header and context binding are what the full path adds.
/// Target: the full path within 3× of the anchor, 0 B allocated. The blind index of an e-mail is measured alongside.
/// </summary>
[MemoryDiagnoser]
public class FieldEncryptionBenchmarks
{
    private const string Email = "Jane.Doe@Example.com";
    private static readonly AeadAlgorithm Aegis256 = AeadAlgorithm.Aegis256;
    private readonly byte[] _plaintext = new byte[32];
    private readonly byte[] _nonce = new byte[32];
    private readonly byte[] _rawCiphertext = new byte[32 + 32];
    private readonly byte[] _ciphertext = new byte[FieldEncryptor.GetCiphertextLength(32)];
    private readonly byte[] _decrypted = new byte[32];
    private readonly byte[] _index = new byte[BlindIndex.DefaultLength];
    private readonly FieldEncryptor _encryptor = new();
    private readonly EncryptionContext _context = new("Customer", "Name", "3f2c9a7e-5b1d-4c8e-9a0f-6d2e1b7c4a95", "tenant-a");
    private Key _rawKey = null!;
    private SubjectDataKey _dataKey = null!;
    private BlindIndex _blindIndex = null!;

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[32];
        Random.Shared.NextBytes(key);
        Random.Shared.NextBytes(_plaintext);
        Random.Shared.NextBytes(_nonce);
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None };
        _rawKey = Key.Import(Aegis256, key, KeyBlobFormat.RawSymmetricKey, in parameters);
        _dataKey = SubjectDataKey.Import(0x01020304, key, FieldEncryptionAlgorithm.Aegis256);
        _blindIndex = new BlindIndex(key);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rawKey.Dispose();
        _dataKey.Dispose();
        _blindIndex.Dispose();
    }

    [Benchmark(Baseline = true, Description = "anchor: raw NSec AEGIS-256 encrypt + decrypt (32 B, fixed nonce, no AD)")]
    public bool RawAegis256()
    {
        Aegis256.Encrypt(_rawKey, _nonce, default, _plaintext, _rawCiphertext);
        return Aegis256.Decrypt(_rawKey, _nonce, default, _rawCiphertext, _decrypted);
    }

    [Benchmark(Description = "PrivacyGuard field encrypt + decrypt (32 B, random nonce, header + context AD, span API)")]
    public DecryptionStatus FieldEncryptorSpan()
    {
        var length = _encryptor.Encrypt(_dataKey, _context, _plaintext, _ciphertext);
        return _encryptor.TryDecrypt(_dataKey, _context, _ciphertext.AsSpan(0, length), _decrypted, out _);
    }

    [Benchmark(Description = "PrivacyGuard blind index of an e-mail (span in, 16 bytes out)")]
    public int BlindIndexEmail() => _blindIndex.ComputeEmail(Email, _index);
}
