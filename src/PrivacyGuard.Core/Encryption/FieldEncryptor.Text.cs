using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace PrivacyGuard.Encryption;

/// <content>String and byte-array helpers over the span API. Each allocates its result and pools its buffers.</content>
public sealed partial class FieldEncryptor
{
    /// <summary>Values up to this many bytes are decoded and decrypted on the stack, larger ones in pooled arrays.</summary>
    private const int StackText = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encrypts <paramref name="plaintext"/> and returns the ciphertext as a new array.</summary>
    public byte[] Encrypt(SubjectDataKey key, in EncryptionContext context, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(key);
        var ciphertext = new byte[GetCiphertextLength(key.Algorithm, plaintext.Length)];
        Encrypt(key, context, plaintext, ciphertext);
        return ciphertext;
    }

    /// <summary>Decrypts <paramref name="ciphertext"/> into a new array; <paramref name="plaintext"/> is null unless the status is success.</summary>
    public DecryptionStatus TryDecrypt(SubjectDataKey key, in EncryptionContext context, ReadOnlySpan<byte> ciphertext, out byte[]? plaintext)
    {
        ArgumentNullException.ThrowIfNull(key);
        context.Validate();
        plaintext = null;
        var status = Check(key, ciphertext, out var header);
        if (status != DecryptionStatus.Success)
        {
            return status;
        }

        var buffer = new byte[ciphertext.Length - header.HeaderLength - key.Aead.TagSize];
        status = TryDecrypt(key, context, ciphertext, buffer, out _);
        plaintext = status == DecryptionStatus.Success ? buffer : null;
        return status;
    }

    /// <summary>Encrypts the UTF-8 form of <paramref name="plaintext"/> and returns the text form (<c>pg1.</c> + base64url).</summary>
    /// <exception cref="ArgumentException">The string is not well-formed UTF-16 (it holds an unpaired surrogate).</exception>
    public string EncryptString(SubjectDataKey key, in EncryptionContext context, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(plaintext);
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(plaintext.Length));
        var utf8Length = 0;
        try
        {
            if (Utf8.FromUtf16(plaintext, utf8, out _, out utf8Length, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                throw new ArgumentException("The value is not well-formed UTF-16 (it holds an unpaired surrogate).", nameof(plaintext));
            }

            var binary = ArrayPool<byte>.Shared.Rent(GetCiphertextLength(key.Algorithm, utf8Length));
            try
            {
                var length = Encrypt(key, context, utf8.AsSpan(0, utf8Length), binary);
                return CiphertextText.Encode(binary, length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(binary);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8.AsSpan(0, utf8Length));
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>
    /// Decrypts the text form made by <see cref="EncryptString"/>. Text without the <c>pg1.</c> prefix is
    /// <see cref="DecryptionStatus.UnsupportedFormat"/>; text that is not strict base64url, or whose plaintext is not
    /// UTF-8, is <see cref="DecryptionStatus.Invalid"/>. <paramref name="plaintext"/> is null unless the status is success.
    /// </summary>
    public DecryptionStatus TryDecryptString(SubjectDataKey key, in EncryptionContext context, string ciphertextText, out string? plaintext)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(ciphertextText);
        context.Validate();
        plaintext = null;
        if (!ciphertextText.StartsWith(CiphertextText.Prefix, StringComparison.Ordinal))
        {
            return DecryptionStatus.UnsupportedFormat;
        }

        byte[]? rented = null;
        var length = GetMaxDecodedLength(ciphertextText);
        var binary = length <= StackText ? stackalloc byte[StackText] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            return TryDecodeText(ciphertextText, binary, out var written)
                ? TryDecryptString(key, context, binary[..written], out plaintext)
                : DecryptionStatus.Invalid;
        }
        finally
        {
            Return(rented);
        }
    }

    /// <summary>
    /// Decrypts a binary ciphertext whose plaintext is UTF-8 text (the binary form of what <see cref="EncryptString"/>
    /// makes, as <see cref="TryDecodeText"/> gives it back) straight into a string. Plaintext that is not UTF-8 is
    /// <see cref="DecryptionStatus.Invalid"/>; <paramref name="plaintext"/> is null unless the status is success.
    /// </summary>
    public DecryptionStatus TryDecryptString(SubjectDataKey key, in EncryptionContext context, ReadOnlySpan<byte> ciphertext, out string? plaintext)
    {
        ArgumentNullException.ThrowIfNull(key);
        plaintext = null;
        var maxLength = GetMaxPlaintextLength(ciphertext.Length);
        byte[]? rented = null;
        var plain = maxLength <= StackText ? stackalloc byte[StackText] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        var written = 0;
        try
        {
            var status = TryDecrypt(key, context, ciphertext, plain, out written);
            if (status != DecryptionStatus.Success)
            {
                return status;
            }

            // One pass validates and transcodes; only a value that decrypted but is not UTF-8 takes the exception.
            plaintext = StrictUtf8.GetString(plain[..written]);
            return DecryptionStatus.Success;
        }
        catch (DecoderFallbackException)
        {
            return DecryptionStatus.Invalid;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain[..written]);
            Return(rented);
        }
    }

    /// <summary>
    /// An upper bound of the binary length of a ciphertext in text form, for the destination of <see cref="TryDecodeText"/>.
    /// </summary>
    public static int GetMaxDecodedLength(string ciphertextText)
    {
        ArgumentNullException.ThrowIfNull(ciphertextText);
        return Math.Max(0, ciphertextText.Length - CiphertextText.Prefix.Length) / 4 * 3 + 2;
    }

    /// <summary>
    /// Decodes a ciphertext in text form (<c>pg1.</c> + strict base64url) into its binary form; false when the text is
    /// not that, or <paramref name="destination"/> is too small (see <see cref="GetMaxDecodedLength"/>). The binary form
    /// then goes to <see cref="TryReadHeader(ReadOnlySpan{byte}, out CiphertextHeader)"/> and the span overloads, so a
    /// reader that needs the header to find its key decodes the value once.
    /// </summary>
    public static bool TryDecodeText(string ciphertextText, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(ciphertextText);
        written = 0;
        if (!ciphertextText.StartsWith(CiphertextText.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = ciphertextText.AsSpan(CiphertextText.Prefix.Length);
        if (!CiphertextText.TryGetDecodedLength(body, out var length) || destination.Length < length
            || !CiphertextText.TryDecode(body, destination[..length], out var decoded) || decoded != length)
        {
            return false;
        }

        written = length;
        return true;
    }

    /// <summary>
    /// Reads the header of a ciphertext in text form (<c>pg1.</c>…) to find which data key to fetch; false when the
    /// value is not a well-formed v1 ciphertext.
    /// </summary>
    public static bool TryReadHeader(string ciphertextText, out CiphertextHeader header)
    {
        ArgumentNullException.ThrowIfNull(ciphertextText);
        header = default;
        if (!ciphertextText.StartsWith(CiphertextText.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = ciphertextText.AsSpan(CiphertextText.Prefix.Length);
        if (!CiphertextText.TryGetDecodedLength(body, out var binaryLength))
        {
            return false;
        }

        // Only the first bytes hold the header: decode the first 12 characters (9 bytes), not the whole value (the body
        // is checked as a whole above; decryption decodes it again anyway).
        const int HeadChars = 12;
        if (body.Length < HeadChars)
        {
            Span<byte> whole = stackalloc byte[HeadChars];
            return CiphertextText.TryDecode(body, whole, out var wholeLength) && wholeLength == binaryLength
                && CiphertextFormat.ReadHeader(whole[..wholeLength], binaryLength, out header) == DecryptionStatus.Success;
        }

        Span<byte> head = stackalloc byte[HeadChars / 4 * 3];
        return CiphertextText.TryDecode(body[..HeadChars], head, out var headLength) && headLength == head.Length
            && CiphertextFormat.ReadHeader(head, binaryLength, out header) == DecryptionStatus.Success;
    }
}
