using System.Buffers.Binary;

namespace PrivacyGuard.Encryption;

/// <summary>
/// Byte layout of format v1: <c>[version 1][algorithm id 1][data key id 4, BE][key version 2, BE][nonce][ciphertext + tag]</c>.
/// See <c>docs/ciphertext-format.md</c>.
/// </summary>
internal static class CiphertextFormat
{
    /// <summary>The format version written by this release.</summary>
    public const byte Version1 = 1;

    /// <summary>Bytes before the nonce: version, algorithm id, data key id, key version.</summary>
    public const int FixedHeaderLength = 8;

    /// <summary>Largest overhead (header, nonce and tag) of any algorithm: AEGIS-256, 8 + 32 + 32.</summary>
    public const int MaxOverhead = FixedHeaderLength + 32 + 32;

    /// <summary>Smallest overhead of any algorithm: XChaCha20-Poly1305, 8 + 24 + 16.</summary>
    public const int MinOverhead = FixedHeaderLength + 24 + 16;

    /// <summary>Nonce size of an algorithm in bytes.</summary>
    public static int NonceSize(FieldEncryptionAlgorithm algorithm) => algorithm == FieldEncryptionAlgorithm.Aegis256 ? 32 : 24;

    /// <summary>Tag size of an algorithm in bytes.</summary>
    public static int TagSize(FieldEncryptionAlgorithm algorithm) => algorithm == FieldEncryptionAlgorithm.Aegis256 ? 32 : 16;

    /// <summary>Header length (nonce included) of an algorithm.</summary>
    public static int HeaderLength(FieldEncryptionAlgorithm algorithm) => FixedHeaderLength + NonceSize(algorithm);

    /// <summary>Writes version, algorithm id, data key id and key version; the nonce follows.</summary>
    public static void WriteFixedHeader(Span<byte> destination, FieldEncryptionAlgorithm algorithm, uint dataKeyId)
    {
        destination[0] = Version1;
        destination[1] = (byte)algorithm;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], dataKeyId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], SubjectDataKey.CurrentKeyVersion);
    }

    /// <summary>
    /// Reads the header. <see cref="DecryptionStatus.UnsupportedFormat"/> for an unknown version or algorithm id,
    /// <see cref="DecryptionStatus.Invalid"/> when the value is too short to hold a header and a tag.
    /// </summary>
    public static DecryptionStatus ReadHeader(ReadOnlySpan<byte> ciphertext, out CiphertextHeader header) =>
        ReadHeader(ciphertext, ciphertext.Length, out header);

    /// <summary>
    /// Reads the header of a ciphertext of <paramref name="length"/> bytes from its first bytes, <paramref name="start"/>
    /// (at least <see cref="FixedHeaderLength"/> of them, or the whole value when it is shorter), as
    /// <see cref="ReadHeader(ReadOnlySpan{byte}, out CiphertextHeader)"/> does from the whole value.
    /// </summary>
    public static DecryptionStatus ReadHeader(ReadOnlySpan<byte> start, int length, out CiphertextHeader header)
    {
        header = default;
        if (length == 0)
        {
            return DecryptionStatus.Invalid;
        }

        if (start[0] != Version1)
        {
            return DecryptionStatus.UnsupportedFormat;
        }

        if (length < 2)
        {
            return DecryptionStatus.Invalid;
        }

        var algorithm = (FieldEncryptionAlgorithm)start[1];
        if (algorithm is not (FieldEncryptionAlgorithm.Aegis256 or FieldEncryptionAlgorithm.XChaCha20Poly1305))
        {
            return DecryptionStatus.UnsupportedFormat;
        }

        var headerLength = HeaderLength(algorithm);
        if (length < headerLength + TagSize(algorithm))
        {
            return DecryptionStatus.Invalid;
        }

        header = new CiphertextHeader(
            Version1,
            algorithm,
            BinaryPrimitives.ReadUInt32BigEndian(start[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(start[6..]),
            headerLength);
        return DecryptionStatus.Success;
    }
}
