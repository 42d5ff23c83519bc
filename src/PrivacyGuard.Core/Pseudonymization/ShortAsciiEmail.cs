using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// The checks and lower-casing of the e-mail fast path for an address of at most 32 bytes, as bit masks of one vector
/// instead of a string search per rule: ASCII without a control character, exactly one '@' with something on both
/// sides, and a domain of labels of <c>a-z 0-9 -</c> (after lower-casing) that are not empty and do not start or end
/// with '-'. It accepts exactly what the general checks of the fast path accept; the caller has already refused an
/// address with white space at either end.
/// </summary>
[SkipLocalsInit]
internal static class ShortAsciiEmail
{
    /// <summary>The longest address checked here.</summary>
    public const int MaxLength = 32;

    /// <summary>The address is not in the fast path's shape.</summary>
    public const int NotInShape = -1;

    /// <summary>Not checked here (too long, or no vector hardware): the caller checks it its usual way.</summary>
    public const int NotChecked = -2;

    /// <summary>
    /// Writes the canonical address (the domain lower-cased, and the local part too when <paramref name="foldLocalPart"/>)
    /// to the first bytes of <paramref name="canonical"/> (at least <see cref="MaxLength"/> long) and returns the
    /// position of its '@'; or <see cref="NotInShape"/>, or <see cref="NotChecked"/>.
    /// </summary>
    public static int TryCanonicalize(ReadOnlySpan<byte> email, bool foldLocalPart, Span<byte> canonical)
    {
        var length = email.Length;
        if (!Vector256.IsHardwareAccelerated || length is 0 or > MaxLength || canonical.Length < MaxLength)
        {
            return NotChecked;
        }

        Span<byte> padded = stackalloc byte[MaxLength];
        email.CopyTo(padded);
        var bytes = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(padded));
        var valid = length == MaxLength ? uint.MaxValue : (1u << length) - 1;

        // Non-ASCII (the high bit) and control characters.
        var controls = Vector256.LessThan(bytes, Vector256.Create((byte)' ')) | Vector256.Equals(bytes, Vector256.Create((byte)0x7F));
        if (((bytes.ExtractMostSignificantBits() | controls.ExtractMostSignificantBits()) & valid) != 0)
        {
            return NotInShape;
        }

        // A second '@' is in the domain, where the label check refuses it.
        var ats = Vector256.Equals(bytes, Vector256.Create((byte)'@')).ExtractMostSignificantBits() & valid;
        var at = BitOperations.TrailingZeroCount(ats);
        if (ats == 0 || at == 0 || at == length - 1)
        {
            return NotInShape;
        }

        // Lower-case the domain (or everything), then check the domain's labels.
        var upper = Vector256.GreaterThanOrEqual(bytes, Vector256.Create((byte)'A')) & Vector256.LessThanOrEqual(bytes, Vector256.Create((byte)'Z'));
        if (!foldLocalPart)
        {
            upper &= Vector256.GreaterThan(Indices, Vector256.Create((byte)at));
        }

        var lowered = bytes | (upper & Vector256.Create((byte)0x20));
        var domain = valid & ~((2u << at) - 1);
        var dots = Vector256.Equals(lowered, Vector256.Create((byte)'.')).ExtractMostSignificantBits() & domain;
        var hyphens = Vector256.Equals(lowered, Vector256.Create((byte)'-')).ExtractMostSignificantBits() & domain;
        var letters = Vector256.GreaterThanOrEqual(lowered, Vector256.Create((byte)'a')) & Vector256.LessThanOrEqual(lowered, Vector256.Create((byte)'z'));
        var digits = Vector256.GreaterThanOrEqual(lowered, Vector256.Create((byte)'0')) & Vector256.LessThanOrEqual(lowered, Vector256.Create((byte)'9'));
        var labelBytes = (letters | digits).ExtractMostSignificantBits() | hyphens | dots;
        var domainEnds = (1u << (at + 1)) | (1u << (length - 1));
        var labelEnds = domainEnds | (dots << 1) | (dots >> 1);
        if ((labelBytes & domain) != domain || (dots & domainEnds) != 0 || (dots & (dots >> 1)) != 0 || (hyphens & labelEnds) != 0)
        {
            return NotInShape;
        }

        lowered.StoreUnsafe(ref MemoryMarshal.GetReference(canonical));
        return at;
    }

    private static Vector256<byte> Indices => Vector256.Create(
        (byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
}
