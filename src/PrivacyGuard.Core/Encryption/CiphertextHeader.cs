namespace PrivacyGuard.Encryption;

/// <summary>
/// The fixed part of a ciphertext (format v1): what a reader needs before decrypting, such as which data key to fetch.
/// It is not authenticated until the ciphertext decrypts.
/// </summary>
public readonly struct CiphertextHeader : IEquatable<CiphertextHeader>
{
    internal CiphertextHeader(byte formatVersion, FieldEncryptionAlgorithm algorithm, uint dataKeyId, ushort keyVersion, int headerLength)
    {
        FormatVersion = formatVersion;
        Algorithm = algorithm;
        DataKeyId = dataKeyId;
        KeyVersion = keyVersion;
        HeaderLength = headerLength;
    }

    /// <summary>The format version (1).</summary>
    public byte FormatVersion { get; }

    /// <summary>The AEAD algorithm.</summary>
    public FieldEncryptionAlgorithm Algorithm { get; }

    /// <summary>Id of the subject data key that sealed the value.</summary>
    public uint DataKeyId { get; }

    /// <summary>Version of the data key (1; reserved for data-key versions).</summary>
    public ushort KeyVersion { get; }

    /// <summary>Length of the header in bytes, nonce included: 40 for AEGIS-256, 32 for XChaCha20-Poly1305.</summary>
    public int HeaderLength { get; }

    /// <summary>Compares two headers field by field.</summary>
    public static bool operator ==(CiphertextHeader left, CiphertextHeader right) => left.Equals(right);

    /// <summary>Compares two headers field by field.</summary>
    public static bool operator !=(CiphertextHeader left, CiphertextHeader right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(CiphertextHeader other) =>
        FormatVersion == other.FormatVersion && Algorithm == other.Algorithm && DataKeyId == other.DataKeyId
        && KeyVersion == other.KeyVersion && HeaderLength == other.HeaderLength;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CiphertextHeader other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FormatVersion, Algorithm, DataKeyId, KeyVersion);

    /// <summary>Shows the header fields (none of them is secret).</summary>
    public override string ToString() =>
        $"CiphertextHeader(v{FormatVersion}, {Algorithm}, data key {DataKeyId:x8}, key version {KeyVersion})";
}
