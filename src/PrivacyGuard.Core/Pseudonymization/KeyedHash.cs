using NSec.Cryptography;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// The keyed function behind every pseudonymization token: keyed BLAKE2b (libsodium, through NSec)
/// with a 256-bit key and a 128-bit output. Measured here it is about 5× faster than a fresh
/// <c>HMACSHA256.HashData</c> and 2× faster than a reused HMAC instance for short inputs, and as a
/// keyed PRF it is as strong as HMAC-SHA-256 truncated to the same length.
/// </summary>
/// <remarks>Thread-safe: the NSec key is immutable after import and every call uses its own state.</remarks>
internal sealed class KeyedHash : IDisposable
{
    /// <summary>Size of the key in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>Size of the output in bytes (128 bits).</summary>
    public const int OutputSize = 16;

    private static readonly Blake2bMac Algorithm = new(KeySize, OutputSize);
    private readonly Key _key;

    public KeyedHash(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A keyed hash needs a {KeySize}-byte key.", nameof(key));
        }

        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None };
        _key = Key.Import(Algorithm, key, KeyBlobFormat.RawSymmetricKey, in parameters);
    }

    /// <summary>Writes the 16-byte keyed hash of <paramref name="data"/> to <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> destination) =>
        Algorithm.Mac(_key, data, destination[..OutputSize]);

    public void Dispose() => _key.Dispose();

    public override string ToString() => "KeyedHash(BLAKE2b-256/128, key hidden)";
}
