using PrivacyGuard.Keys;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>A row of <c>subject_keys</c>: one data subject's data key, wrapped by a root key.</summary>
internal sealed record SubjectKeyRecord
{
    public required string SubjectId { get; set; }

    /// <summary>The data key id: a <see cref="uint"/> kept in a 64-bit column, as neither store has unsigned integers.</summary>
    public long DataKeyId { get; set; }

    public required string KekId { get; set; }

    public required byte[] WrappedKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public static SubjectKeyRecord From(WrappedDataKey key) => new()
    {
        SubjectId = key.SubjectId,
        DataKeyId = key.DataKeyId,
        KekId = key.KekId,
        WrappedKey = key.WrappedKey,
        CreatedAt = key.CreatedAt.ToUniversalTime(),
    };

    public WrappedDataKey ToWrappedDataKey() => new()
    {
        SubjectId = SubjectId,
        DataKeyId = checked((uint)DataKeyId),
        KekId = KekId,
        WrappedKey = WrappedKey,
        CreatedAt = CreatedAt,
    };

    /// <summary>Identifies the row without the subject id or key bytes.</summary>
    public override string ToString() => $"SubjectKeyRecord(data key {DataKeyId:x8}, wrapped by {KekId})";
}
