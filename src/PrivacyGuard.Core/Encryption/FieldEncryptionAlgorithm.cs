namespace PrivacyGuard.Encryption;

/// <summary>
/// The AEAD algorithm of an encrypted field. The value is the algorithm id written into every ciphertext
/// (see <c>docs/ciphertext-format.md</c>), so the numbers never change.
/// </summary>
public enum FieldEncryptionAlgorithm
{
    /// <summary>AEGIS-256: 32-byte key, 32-byte nonce, 32-byte tag. Preferred where the processor has AES instructions.</summary>
    Aegis256 = 1,

    /// <summary>XChaCha20-Poly1305: 32-byte key, 24-byte nonce, 16-byte tag. Fallback without AES instructions.</summary>
    XChaCha20Poly1305 = 2,
}
