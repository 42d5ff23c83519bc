namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// The keyed function behind every pseudonymization token and blind index: keyed BLAKE2b (RFC 7693) with a 256-bit key
/// and a 128-bit output, the function libsodium's <c>crypto_generichash_blake2b</c> computes. As a keyed PRF it is as
/// strong as HMAC-SHA-256 truncated to the same length, and several times cheaper: the key block's compression is done
/// once per key (<see cref="Blake2bKeyed"/>), so an address costs one compression.
/// </summary>
/// <remarks>Thread-safe: the precomputed state is immutable and every call uses its own stack state.</remarks>
internal sealed class KeyedHash : IDisposable
{
    /// <summary>Size of the key in bytes.</summary>
    public const int KeySize = Blake2bKeyed.KeySize;

    /// <summary>Size of the output in bytes (128 bits).</summary>
    public const int OutputSize = Blake2bKeyed.OutputSize;

    private readonly Blake2bKeyed _blake2b;

    public KeyedHash(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A keyed hash needs a {KeySize}-byte key.", nameof(key));
        }

        _blake2b = new Blake2bKeyed(key);
    }

    /// <summary>Writes the 16-byte keyed hash of <paramref name="data"/> to <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> destination) => _blake2b.Compute(data, destination);

    /// <summary>The hash function itself, for lane hashing (<see cref="DeferredHashes"/>).</summary>
    internal Blake2bKeyed Blake2b => _blake2b;

    public void Dispose() => _blake2b.Dispose();

    public override string ToString() => "KeyedHash(BLAKE2b-256/128, key hidden)";
}
