using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace PrivacyGuard.Keys;

/// <summary>
/// Wraps data keys with key-encryption keys derived from the key ring's root keys (HKDF label
/// <see cref="KeyDerivationLabels.KeyEncryption"/>), using XChaCha20-Poly1305 with a random 192-bit nonce.
/// </summary>
/// <remarks>
/// Wrapped form: <c>[01 format][02 XChaCha20-Poly1305][nonce 24][sealed data key][tag 16]</c>. Associated data is
/// <c>PrivacyGuard.WrappedKey.v1</c>, the root key id and the subject id (each length-prefixed), so a wrapped key moved to
/// another subject, or relabelled with another root key id, does not unwrap. Wrapping is off the hot path (a cache
/// miss), so the algorithm is the one that is constant-time everywhere rather than the fastest.
/// </remarks>
public sealed class LocalKeyEncryptionKeyProvider : IKeyEncryptionKeyProvider, IDisposable
{
    private const byte FormatVersion = 1;
    private const byte AlgorithmId = 2;
    private const int HeaderLength = 2;
    private static readonly AeadAlgorithm Aead = AeadAlgorithm.XChaCha20Poly1305;
    private static readonly byte[] Label = "PrivacyGuard.WrappedKey.v1"u8.ToArray();
    private readonly KeyRing _keyRing;
    private readonly FrozenDictionary<string, Key> _keys;

    /// <summary>Derives one key-encryption key per root key of <paramref name="keyRing"/>.</summary>
    public LocalKeyEncryptionKeyProvider(KeyRing keyRing)
    {
        ArgumentNullException.ThrowIfNull(keyRing);
        _keyRing = keyRing;
        var keys = new Dictionary<string, Key>(StringComparer.Ordinal);
        Span<byte> raw = stackalloc byte[32];
        foreach (var root in keyRing.Keys)
        {
            root.DeriveSubkey(KeyDerivationLabels.KeyEncryption, raw);
            var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None };
            keys[root.Id] = Key.Import(Aead, raw, KeyBlobFormat.RawSymmetricKey, in parameters);
        }

        CryptographicOperations.ZeroMemory(raw);
        _keys = keys.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public string CurrentKeyId => _keyRing.Current.Id;

    /// <inheritdoc />
    public ValueTask<byte[]> WrapAsync(string kekId, string subjectId, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken = default)
    {
        var key = Resolve(kekId);
        var wrapped = new byte[HeaderLength + Aead.NonceSize + dataKey.Length + Aead.TagSize];
        wrapped[0] = FormatVersion;
        wrapped[1] = AlgorithmId;
        var nonce = wrapped.AsSpan(HeaderLength, Aead.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Aead.Encrypt(key, nonce, AssociatedData(kekId, subjectId), dataKey.Span, wrapped.AsSpan(HeaderLength + Aead.NonceSize));
        return ValueTask.FromResult(wrapped);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUnwrapAsync(string kekId, string subjectId, ReadOnlyMemory<byte> wrappedKey, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var key = Resolve(kekId);
        var wrapped = wrappedKey.Span;
        var sealedLength = wrapped.Length - HeaderLength - Aead.NonceSize;
        if (sealedLength < Aead.TagSize || wrapped[0] != FormatVersion || wrapped[1] != AlgorithmId
            || destination.Length < sealedLength - Aead.TagSize)
        {
            return ValueTask.FromResult(false);
        }

        var ok = Aead.Decrypt(
            key,
            wrapped.Slice(HeaderLength, Aead.NonceSize),
            AssociatedData(kekId, subjectId),
            wrapped[(HeaderLength + Aead.NonceSize)..],
            destination.Span[..(sealedLength - Aead.TagSize)]);
        return ValueTask.FromResult(ok);
    }

    /// <summary>Frees the key-encryption keys.</summary>
    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    /// <summary>Names the current root key only.</summary>
    public override string ToString() => $"LocalKeyEncryptionKeyProvider(current {CurrentKeyId}, keys hidden)";

    private Key Resolve(string kekId)
    {
        if (_keyRing.IsRetired(kekId))
        {
            throw new RetiredRootKeyException($"Root key '{kekId}' is retired; data keys it wrapped are refused. Re-wrap them under the current key before retiring it.");
        }

        return _keys.TryGetValue(kekId, out var key)
            ? key
            : throw new UnknownRootKeyException($"Root key '{(KeyRingLoader.IsValidKeyId(kekId) ? kekId : "(invalid id)")}' is not in the key ring.");
    }

    private static byte[] AssociatedData(string kekId, string subjectId)
    {
        var kek = Encoding.UTF8.GetBytes(kekId);
        var subject = Encoding.UTF8.GetBytes(subjectId);
        var data = new byte[Label.Length + 4 + kek.Length + 4 + subject.Length];
        Label.CopyTo(data, 0);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(Label.Length), kek.Length);
        kek.CopyTo(data, Label.Length + 4);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(Label.Length + 4 + kek.Length), subject.Length);
        subject.CopyTo(data, Label.Length + 8 + kek.Length);
        return data;
    }
}
