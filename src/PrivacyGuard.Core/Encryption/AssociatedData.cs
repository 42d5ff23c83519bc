using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;

namespace PrivacyGuard.Encryption;

/// <summary>
/// The associated data that binds a ciphertext to its header and its place:
/// <c>header (nonce included) || str(entity type) || str(property) || str(subject id) || tenant</c>, where
/// <c>str(s)</c> is the 4-byte big-endian length of the UTF-8 of <c>s</c> followed by those bytes, and <c>tenant</c> is
/// one byte 0x00 when there is none, or 0x01 followed by <c>str(tenant)</c>. Length prefixes make the encoding
/// unambiguous for any strings, separators included.
/// </summary>
internal static class AssociatedData
{
    /// <summary>An upper bound of the associated data length for this header length and context.</summary>
    public static int GetMaxLength(int headerLength, in EncryptionContext context)
    {
        // A UTF-16 code unit takes at most 3 UTF-8 bytes (a surrogate pair, two units, takes 4).
        var length = headerLength + 13L + (3L * context.EntityType.Length) + (3L * context.Property.Length) + (3L * context.SubjectId.Length)
            + (context.Tenant is null ? 0 : 4L + (3L * context.Tenant.Length));
        return length <= Array.MaxLength
            ? (int)length
            : throw new ArgumentException("The encryption context is too large.");
    }

    /// <summary>Writes the associated data; returns its length.</summary>
    /// <exception cref="ArgumentException">A context string is not well-formed UTF-16 (an unpaired surrogate).</exception>
    public static int Write(ReadOnlySpan<byte> header, in EncryptionContext context, Span<byte> destination)
    {
        header.CopyTo(destination);
        var position = WriteString(context.EntityType, destination, header.Length);
        position = WriteString(context.Property, destination, position);
        position = WriteString(context.SubjectId, destination, position);
        if (context.Tenant is null)
        {
            destination[position++] = 0;
            return position;
        }

        destination[position++] = 1;
        return WriteString(context.Tenant, destination, position);
    }

    private static int WriteString(string value, Span<byte> destination, int position)
    {
        if (Utf8.FromUtf16(value, destination[(position + 4)..], out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            throw new ArgumentException("The encryption context holds a string that is not well-formed UTF-16.");
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination[position..], (uint)written);
        return position + 4 + written;
    }
}
