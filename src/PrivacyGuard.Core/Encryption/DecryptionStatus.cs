namespace PrivacyGuard.Encryption;

/// <summary>
/// Outcome of a decryption. Bad ciphertext never throws: it gets one of these values. The default value is
/// <see cref="Invalid"/>, so an unset status fails closed.
/// </summary>
public enum DecryptionStatus
{
    /// <summary>
    /// The value is not an authentic ciphertext for this key and context: tampered, truncated, moved to another row,
    /// column, entity type or tenant, or sealed under other key bytes with the same data key id. Deliberately one
    /// outcome: callers must not learn which check failed.
    /// </summary>
    Invalid = 0,

    /// <summary>The value decrypted; the plaintext is authentic.</summary>
    Success = 1,

    /// <summary>The format version or the algorithm id is unknown (for example written by a newer release, or not a ciphertext).</summary>
    UnsupportedFormat = 2,

    /// <summary>
    /// The data key id in the header is not the id of the key given. Upstream this means the subject's key was shredded
    /// and later recreated: the value is erased, not tampered with.
    /// </summary>
    KeyMismatch = 3,
}
