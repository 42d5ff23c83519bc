using NSec.Cryptography;

namespace PrivacyGuard.Encryption;

/// <summary>
/// A data subject's data key in clear, ready to encrypt and decrypt fields: 32 key bytes held by NSec in secure memory
/// (not exportable), the data key id written into every ciphertext, and the algorithm.
/// </summary>
/// <remarks>
/// Thread-safe. Dispose it to free the key memory. <see cref="ToString"/> shows the id and algorithm, never key bytes.
/// </remarks>
public sealed class SubjectDataKey : IDisposable
{
    /// <summary>Size of a raw data key in bytes, for every algorithm.</summary>
    public const int KeySize = 32;

    /// <summary>The only data key version of format v1.</summary>
    internal const ushort CurrentKeyVersion = 1;

    private SubjectDataKey(uint dataKeyId, FieldEncryptionAlgorithm algorithm, AeadAlgorithm aead, Key key)
    {
        DataKeyId = dataKeyId;
        Algorithm = algorithm;
        Aead = aead;
        Key = key;
    }

    /// <summary>Id of the data key, written into the header of every ciphertext it makes.</summary>
    public uint DataKeyId { get; }

    /// <summary>The AEAD algorithm the key is for.</summary>
    public FieldEncryptionAlgorithm Algorithm { get; }

    /// <summary>The NSec algorithm object.</summary>
    internal AeadAlgorithm Aead { get; }

    /// <summary>The NSec key.</summary>
    internal Key Key { get; }

    /// <summary>Imports a raw 32-byte data key. The bytes are copied; the caller should zero its copy.</summary>
    /// <param name="dataKeyId">The key's id (random, from the privacy store).</param>
    /// <param name="rawKey">The 32 key bytes.</param>
    /// <param name="algorithm">The algorithm; usually <see cref="FieldEncryptionAlgorithms.Preferred"/> when the key is made.</param>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The algorithm is unknown.</exception>
    /// <exception cref="PlatformNotSupportedException">The algorithm is not available in this process.</exception>
    public static SubjectDataKey Import(uint dataKeyId, ReadOnlySpan<byte> rawKey, FieldEncryptionAlgorithm algorithm)
    {
        if (rawKey.Length != KeySize)
        {
            throw new ArgumentException($"A data key is {KeySize} bytes.", nameof(rawKey));
        }

        var aead = FieldEncryptionAlgorithms.GetAead(algorithm);
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None };
        var key = Key.Import(aead, rawKey, KeyBlobFormat.RawSymmetricKey, in parameters);
        return new SubjectDataKey(dataKeyId, algorithm, aead, key);
    }

    /// <summary>Frees the key memory.</summary>
    public void Dispose() => Key.Dispose();

    /// <summary>Shows the data key id and algorithm; never key material.</summary>
    public override string ToString() => $"SubjectDataKey(data key {DataKeyId:x8}, {Algorithm}, key hidden)";
}
