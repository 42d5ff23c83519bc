using System.Buffers;
using System.Buffers.Text;

namespace PrivacyGuard.Encryption;

/// <summary>
/// Text form of a ciphertext for string columns: <see cref="Prefix"/> followed by base64url (RFC 4648 §5) of the binary
/// form, without padding. Decoding is strict: only the 64 base64url characters, no padding or whitespace, and the unused
/// low bits of the last character must be zero, so every binary value has exactly one text form.
/// </summary>
internal static class CiphertextText
{
    /// <summary>The prefix of format v1 ciphertext text.</summary>
    public const string Prefix = "pg1.";

    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>The text form of the first <paramref name="length"/> bytes of <paramref name="binary"/>.</summary>
    public static string Encode(byte[] binary, int length) =>
        string.Create(Prefix.Length + Base64Url.GetEncodedLength(length), (binary, length), static (chars, state) =>
        {
            Prefix.CopyTo(chars);
            Base64Url.EncodeToChars(state.binary.AsSpan(0, state.length), chars[Prefix.Length..]);
        });

    /// <summary>
    /// Checks the base64url body (after the prefix) and returns its decoded length; false when it is not strict
    /// unpadded base64url.
    /// </summary>
    public static bool TryGetDecodedLength(ReadOnlySpan<char> body, out int length)
    {
        length = 0;
        var remainder = body.Length % 4;
        if (remainder == 1 || body.ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        // The last character of a 2- or 3-character group carries 4 or 2 unused bits, which must be zero.
        if (remainder != 0)
        {
            var unusedMask = remainder == 2 ? 0b1111 : 0b11;
            if ((SixBits(body[^1]) & unusedMask) != 0)
            {
                return false;
            }
        }

        length = (body.Length / 4 * 3) + (remainder == 0 ? 0 : remainder - 1);
        return true;
    }

    /// <summary>Decodes a body that <see cref="TryGetDecodedLength"/> accepted.</summary>
    public static bool TryDecode(ReadOnlySpan<char> body, Span<byte> destination, out int written) =>
        Base64Url.DecodeFromChars(body, destination, out _, out written) == OperationStatus.Done;

    private static int SixBits(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };
}
