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

    public static byte[] Encode(StoredAccessEvent e)
    {
        var buffer = new List<byte>(256) { Version };
        WriteString(buffer, e.Chain);
        WriteInt64(buffer, e.Sequence);
        WriteString(buffer, e.KeyId);
        WriteInt64(buffer, ToUnixMicroseconds(e.OccurredAt));
        WriteString(buffer, e.Action);
        WriteString(buffer, e.Outcome);
        WriteString(buffer, e.Resource);
        WriteString(buffer, e.SubjectToken);
        WriteString(buffer, e.Purpose);
        WriteString(buffer, e.Actor);
        WriteString(buffer, e.Categories);
        WriteString(buffer, e.ClientAddress);
        WriteInt64(buffer, e.Count);
        WriteString(buffer, e.Reason);
        return [.. buffer];
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
