using System.Buffers.Binary;
using System.Text;

namespace PrivacyGuard.AccessLog;

/// <summary>
/// The canonical byte form of a stored event, version 1, which the chain hash covers (docs/access-log.md has the
/// layout and a known-answer vector). Big-endian integers; a string is its UTF-8 length as uint32 then its bytes; a
/// null string is the length <c>0xFFFFFFFF</c> and no bytes. Fields: version byte <c>0x01</c>, chain, sequence
/// (int64), key id, occurred-at (int64 microseconds since the Unix epoch, UTC), action, outcome, resource, subject
/// token?, purpose, actor, categories, client address?, count (int64), reason?.
/// </summary>
internal static class AccessEventEncoding
{
    public const byte Version = 1;

    private const uint NullLength = uint.MaxValue;

    /// <summary>The canonical form of <paramref name="e"/> as a new array.</summary>
    public static byte[] Encode(StoredAccessEvent e)
    {
        var bytes = new byte[GetLength(e)];
        Write(e, bytes);
        return bytes;
    }

    /// <summary>The length of <paramref name="e"/>'s canonical form.</summary>
    public static int GetLength(StoredAccessEvent e) =>
        1 + (3 * sizeof(long)) + Length(e.Chain) + Length(e.KeyId) + Length(e.Action) + Length(e.Outcome) + Length(e.Resource)
        + Length(e.SubjectToken) + Length(e.Purpose) + Length(e.Actor) + Length(e.Categories) + Length(e.ClientAddress) + Length(e.Reason);

    /// <summary>Writes <paramref name="e"/>'s canonical form into <paramref name="destination"/>, exactly <see cref="GetLength"/> bytes long.</summary>
    public static void Write(StoredAccessEvent e, Span<byte> destination)
    {
        destination[0] = Version;
        var position = 1;
        position = WriteString(destination, position, e.Chain);
        position = WriteInt64(destination, position, e.Sequence);
        position = WriteString(destination, position, e.KeyId);
        position = WriteInt64(destination, position, ToUnixMicroseconds(e.OccurredAt));
        position = WriteString(destination, position, e.Action);
        position = WriteString(destination, position, e.Outcome);
        position = WriteString(destination, position, e.Resource);
        position = WriteString(destination, position, e.SubjectToken);
        position = WriteString(destination, position, e.Purpose);
        position = WriteString(destination, position, e.Actor);
        position = WriteString(destination, position, e.Categories);
        position = WriteString(destination, position, e.ClientAddress);
        position = WriteInt64(destination, position, e.Count);
        position = WriteString(destination, position, e.Reason);
        if (position != destination.Length)
        {
            throw new ArgumentException("The destination is not the canonical form's length.", nameof(destination));
        }
    }

    private static int Length(string? value) => sizeof(uint) + (value is null ? 0 : Encoding.UTF8.GetByteCount(value));

    private static int WriteString(Span<byte> destination, int position, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[position..], NullLength);
            return position + sizeof(uint);
        }

        var written = Encoding.UTF8.GetBytes(value, destination[(position + sizeof(uint))..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[position..], (uint)written);
        return position + sizeof(uint) + written;
    }

    private static int WriteInt64(Span<byte> destination, int position, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination[position..], value);
        return position + sizeof(long);
    }

    /// <summary>The canonical form of a chain head (marker <c>0x48</c> 'H', version, chain, last sequence, last hash text).</summary>
    public static byte[] EncodeHead(string chain, long lastSequence, string lastHash)
    {
        var buffer = new List<byte>(96) { (byte)'H', Version };
        WriteString(buffer, chain);
        WriteInt64(buffer, lastSequence);
        WriteString(buffer, lastHash);
        return [.. buffer];
    }

    public static long ToUnixMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary><paramref name="time"/> in UTC, cut to the microsecond (what both stores keep exactly).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    private static void WriteString(List<byte> buffer, string? value)
    {
        if (value is null)
        {
            WriteUInt32(buffer, NullLength);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        WriteUInt32(buffer, (uint)bytes.Length);
        buffer.AddRange(bytes);
    }

    private static void WriteUInt32(List<byte> buffer, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        buffer.AddRange(bytes);
    }

    private static void WriteInt64(List<byte> buffer, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        buffer.AddRange(bytes);
    }
}
