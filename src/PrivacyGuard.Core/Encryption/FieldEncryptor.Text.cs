using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace PrivacyGuard.Encryption;

/// <content>String and byte-array helpers over the span API. Each allocates its result and pools its buffers.</content>
public sealed partial class FieldEncryptor
{
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

        var body = ciphertextText.AsSpan(CiphertextText.Prefix.Length);
        if (!CiphertextText.TryGetDecodedLength(body, out var binaryLength))
        {
            return DecryptionStatus.Invalid;
        }

        var binary = ArrayPool<byte>.Shared.Rent(binaryLength);
        var plain = ArrayPool<byte>.Shared.Rent(GetMaxPlaintextLength(binaryLength));
        var written = 0;
        try
        {
            if (!CiphertextText.TryDecode(body, binary, out var decoded) || decoded != binaryLength)
            {
                return DecryptionStatus.Invalid;
            }

            var status = TryDecrypt(key, context, binary.AsSpan(0, binaryLength), plain, out written);
            if (status != DecryptionStatus.Success)
            {
                return status;
            }

            if (!Utf8.IsValid(plain.AsSpan(0, written)))
            {
                return DecryptionStatus.Invalid;
            }

            plaintext = Encoding.UTF8.GetString(plain, 0, written);
            return DecryptionStatus.Success;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(binary);
            CryptographicOperations.ZeroMemory(plain.AsSpan(0, written));
            ArrayPool<byte>.Shared.Return(plain);
        }
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
