namespace PrivacyGuard.Keys;

/// <summary>
/// Wraps and unwraps data keys with root keys (key-encryption keys). The seam for a KMS: the shipped
/// <see cref="LocalKeyEncryptionKeyProvider"/> derives key-encryption keys from the key ring; a KMS adapter would
/// call its service here instead. Implementations never log or return key material in messages.
/// </summary>
public interface IKeyEncryptionKeyProvider
{
    /// <summary>Id of the root key that wraps new data keys.</summary>
    string CurrentKeyId { get; }

    /// <summary>
    /// Wraps the 32-byte <paramref name="dataKey"/> of <paramref name="subjectId"/> under root key
    /// <paramref name="kekId"/>; the subject id is bound as associated data.
    /// </summary>
    /// <exception cref="UnknownRootKeyException">No root key has that id.</exception>
    /// <exception cref="RetiredRootKeyException">The root key is retired.</exception>
    ValueTask<byte[]> WrapAsync(string kekId, string subjectId, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Unwraps <paramref name="wrappedKey"/> into <paramref name="destination"/> (32 bytes) and returns true, or false
    /// when the wrapped bytes fail authentication (tampered, or moved to another subject).
    /// </summary>
    /// <exception cref="UnknownRootKeyException">No root key has that id.</exception>
    /// <exception cref="RetiredRootKeyException">The root key is retired.</exception>
    ValueTask<bool> TryUnwrapAsync(string kekId, string subjectId, ReadOnlyMemory<byte> wrappedKey, Memory<byte> destination, CancellationToken cancellationToken = default);
}
