using System.Buffers;
using System.Diagnostics;
using System.Text.Unicode;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// WTF-8 (<see href="https://simonsapin.github.io/wtf-8/"/>): UTF-8 extended to encode an unpaired surrogate as the
/// three bytes its code unit would have. For well-formed UTF-16 it is exactly UTF-8; for ill-formed UTF-16 it is still
/// one-to-one, so distinct strings never share bytes. Used only to hash raw invalid values.
/// </summary>
internal static class Wtf8
{
    /// <summary>Bytes needed at most for <paramref name="charCount"/> UTF-16 code units.</summary>
    public static long GetMaxByteCount(int charCount) => charCount * 3L;

    /// <summary>Encodes <paramref name="source"/>; <paramref name="destination"/> must hold <see cref="GetMaxByteCount"/> bytes.</summary>
    public static int Encode(ReadOnlySpan<char> source, Span<byte> destination)
    {
        var written = 0;
        while (true)
        {
            var status = Utf8.FromUtf16(source, destination[written..], out var read, out var count, replaceInvalidSequences: false);
            written += count;
            if (status == OperationStatus.Done)
            {
                return written;
            }

            Debug.Assert(status == OperationStatus.InvalidData, "The destination is sized for the worst case.");
            int unit = source[read];
            destination[written++] = (byte)(0xE0 | (unit >> 12));
            destination[written++] = (byte)(0x80 | ((unit >> 6) & 0x3F));
            destination[written++] = (byte)(0x80 | (unit & 0x3F));
            source = source[(read + 1)..];
        }
    }
}
