using System.Security.Cryptography;
using System.Text;

namespace PrivacyGuard.Keys;

/// <summary>
/// A root secret (key-encryption key) of the key ring: an id and at least 32 secret bytes.
/// The bytes live in a pinned array that is zeroed on <see cref="Dispose"/> and never appear in
/// <see cref="ToString"/>, logs or exception messages. Subkeys are derived with HKDF-SHA-256.
/// </summary>
public sealed class RootKey : IDisposable
{
    /// <summary>Minimum size of a root secret in bytes.</summary>
    public const int MinimumSecretSize = 32;

    private static readonly byte[] Salt = "PrivacyGuard.KeyRing.v1"u8.ToArray();
    private readonly byte[] _secret;
    private bool _disposed;

    internal RootKey(string id, ReadOnlySpan<byte> secret)
    {
        Id = id;
        _secret = GC.AllocateArray<byte>(secret.Length, pinned: true);
        secret.CopyTo(_secret);
    }

    /// <summary>The key id (letters, digits and '-', 1 to 16 characters). Tokens and ciphertexts carry it.</summary>
    public string Id { get; }

    /// <summary>
    /// Derives <paramref name="destination"/>.Length bytes bound to <paramref name="label"/> (HKDF-SHA-256,
    /// salt <c>PrivacyGuard.KeyRing.v1</c>, info = UTF-8 label). Different labels give independent keys.
    /// </summary>
    public void DeriveSubkey(string label, Span<byte> destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> info = stackalloc byte[Encoding.UTF8.GetMaxByteCount(label.Length)];
        var infoLength = Encoding.UTF8.GetBytes(label, info);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, destination, Salt, info[..infoLength]);
        CryptographicOperations.ZeroMemory(info);
    }

    /// <summary>Zeroes the secret.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_secret);
    }

    /// <summary>Returns the key id only; the secret is never formatted.</summary>
    public override string ToString() => $"RootKey {Id} (secret hidden)";
}
