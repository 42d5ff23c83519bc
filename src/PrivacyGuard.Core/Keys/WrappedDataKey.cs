namespace PrivacyGuard.Keys;

/// <summary>
/// A data subject's data key as the privacy store keeps it: never in clear, only wrapped (AEAD-encrypted) by a
/// root key of the key ring, with the subject id as associated data so a wrapped key moved to another subject
/// does not unwrap.
/// </summary>
public sealed class WrappedDataKey
{
    /// <summary>The data subject the key belongs to (the invariant string form of its id).</summary>
    public required string SubjectId { get; init; }

    /// <summary>
    /// Random id of this data key, written into every ciphertext made with it. After a shred and a later first write
    /// the subject gets a new key with a new id, so old ciphertexts are recognised as erased rather than as tampered.
    /// </summary>
    public required uint DataKeyId { get; init; }

    /// <summary>Id of the root key (key-encryption key) that wrapped it.</summary>
    public required string KekId { get; init; }

    /// <summary>The wrapped key: the wrapping format's bytes (algorithm, nonce, sealed key and tag).</summary>
    public required byte[] WrappedKey { get; init; }

    /// <summary>When the data key was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Identifies the key without any key material.</summary>
    public override string ToString() => $"WrappedDataKey(data key {DataKeyId:x8}, wrapped by {KekId})";
}
