using System.Buffers.Text;
using System.Text;
using PrivacyGuard.Encryption;

namespace PrivacyGuard.Fuzzing;

/// <summary>
/// Ciphertext parsing and decryption of arbitrary bytes and text. Invariants: decryption returns a defined status and
/// throws nothing; it succeeds only on the two known ciphertexts (same plaintext back), never on anything else; the
/// byte-array and span overloads agree; the text form of a binary value decrypts to the same status as the value; a
/// text body that decodes is the one canonical text of its bytes; the header read from text equals the one read from
/// its bytes.
/// </summary>
internal static class CiphertextTarget
{
    private const uint DataKeyId = 0x0A0B0C0D;
    private static readonly byte[] Plaintext = "jane@example.com"u8.ToArray();
    private static readonly EncryptionContext Context = new("Customer", "Email", "subject-1");
    private static readonly SubjectDataKey Aegis = SubjectDataKey.Import(DataKeyId, FuzzKeys.Bytes(1), FieldEncryptionAlgorithm.Aegis256);
    private static readonly SubjectDataKey XChaCha = SubjectDataKey.Import(DataKeyId, FuzzKeys.Bytes(1), FieldEncryptionAlgorithm.XChaCha20Poly1305);
    private static readonly FieldEncryptor Encryptor = new(FuzzKeys.Bytes(65));

    /// <summary>The ciphertexts of <see cref="Plaintext"/> under each key with the fixed nonce: the only values that may decrypt.</summary>
    public static byte[] KnownAegis { get; } = Encryptor.Encrypt(Aegis, Context, Plaintext);

    public static byte[] KnownXChaCha { get; } = Encryptor.Encrypt(XChaCha, Context, Plaintext);

    /// <summary>Writes the known ciphertexts, binary and text, as corpus seeds into <paramref name="folder"/>.</summary>
    public static void WriteSeeds(string folder)
    {
        File.WriteAllBytes(Path.Combine(folder, "known-aegis256.bin"), KnownAegis);
        File.WriteAllBytes(Path.Combine(folder, "known-xchacha20.bin"), KnownXChaCha);
        File.WriteAllText(Path.Combine(folder, "known-aegis256.txt"), "pg1." + Base64Url.EncodeToString(KnownAegis));
        File.WriteAllText(Path.Combine(folder, "known-xchacha20.txt"), "pg1." + Base64Url.EncodeToString(KnownXChaCha));
    }

    public static void Run(ReadOnlySpan<byte> data)
    {
        try
        {
            var binaryAegis = Decrypt(Aegis, data, KnownAegis);
            var binaryXChaCha = Decrypt(XChaCha, data, KnownXChaCha);
            var canonicalText = "pg1." + Base64Url.EncodeToString(data);
            FuzzAssert.Equal(binaryAegis, DecryptText(Aegis, canonicalText, KnownAegis), "the text form decrypts like the binary form (AEGIS-256)");
            FuzzAssert.Equal(binaryXChaCha, DecryptText(XChaCha, canonicalText, KnownXChaCha), "the text form decrypts like the binary form (XChaCha20-Poly1305)");
            CheckHeaders(data, canonicalText);

            // The same bytes read as text: strict base64url parsing with one text form per value.
            var text = Encoding.UTF8.GetString(data);
            _ = DecryptText(Aegis, text, KnownAegis);
            _ = DecryptText(XChaCha, text, KnownXChaCha);
            CheckCanonical(text);
            if (FieldEncryptor.TryReadHeader(text, out var header))
            {
                FuzzAssert.True(CiphertextText.TryGetDecodedLength(text.AsSpan(4), out var length), "a header is read only from well-formed text");
                var bytes = new byte[length];
                FuzzAssert.True(CiphertextText.TryDecode(text.AsSpan(4), bytes, out _), "well-formed text decodes");
                FuzzAssert.True(FieldEncryptor.TryReadHeader(bytes, out var fromBytes) && fromBytes == header, "the header of text equals the header of its bytes");
            }
        }
        catch (FuzzInvariantException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new FuzzInvariantException("decrypting arbitrary input throws nothing", e);
        }
    }

    private static DecryptionStatus Decrypt(SubjectDataKey key, ReadOnlySpan<byte> data, byte[] known)
    {
        var status = Encryptor.TryDecrypt(key, Context, data, out var plaintext);
        FuzzAssert.Defined(status, "the status is defined");
        FuzzAssert.Equal(status == DecryptionStatus.Success, plaintext is not null, "a plaintext is returned exactly on success");
        CheckSuccess(status, data, known, plaintext);

        var destination = new byte[FieldEncryptor.GetMaxPlaintextLength(data.Length)];
        var spanStatus = Encryptor.TryDecrypt(key, Context, data, destination, out var written);
        FuzzAssert.Equal(status, spanStatus, "the span and array overloads agree");
        FuzzAssert.True(spanStatus == DecryptionStatus.Success || written == 0, "nothing is written on failure");

        FuzzAssert.True(!FieldEncryptor.TryReadHeader(data, out _) || status != DecryptionStatus.UnsupportedFormat, "a value with a readable header is never an unsupported format");
        return status;
    }

    private static DecryptionStatus DecryptText(SubjectDataKey key, string text, byte[] known)
    {
        var status = Encryptor.TryDecryptString(key, Context, text, out var plaintext);
        FuzzAssert.Defined(status, "the text status is defined");
        FuzzAssert.Equal(status == DecryptionStatus.Success, plaintext is not null, "a text plaintext is returned exactly on success");
        if (status == DecryptionStatus.Success)
        {
            FuzzAssert.Equal("pg1." + Base64Url.EncodeToString(known), text, "only the known ciphertext text decrypts");
            FuzzAssert.Equal(Encoding.UTF8.GetString(Plaintext), plaintext, "the known text ciphertext decrypts to its plaintext");
        }

        return status;
    }

    private static void CheckSuccess(DecryptionStatus status, ReadOnlySpan<byte> data, byte[] known, byte[]? plaintext)
    {
        if (status == DecryptionStatus.Success)
        {
            FuzzAssert.True(data.SequenceEqual(known), "only the known ciphertext decrypts");
            FuzzAssert.True(plaintext.AsSpan().SequenceEqual(Plaintext), "the known ciphertext decrypts to its plaintext");
        }
    }

    private static void CheckHeaders(ReadOnlySpan<byte> data, string canonicalText)
    {
        var fromBytes = FieldEncryptor.TryReadHeader(data, out var bytesHeader);
        var fromText = FieldEncryptor.TryReadHeader(canonicalText, out var textHeader);
        FuzzAssert.Equal(fromBytes, fromText, "a header reads from the text form exactly when it reads from the bytes");
        FuzzAssert.True(!fromBytes || bytesHeader == textHeader, "the text and binary headers are equal");
    }

    private static void CheckCanonical(string text)
    {
        if (!text.StartsWith(CiphertextText.Prefix, StringComparison.Ordinal) || !CiphertextText.TryGetDecodedLength(text.AsSpan(4), out var length))
        {
            return;
        }

        var bytes = new byte[length];
        FuzzAssert.True(CiphertextText.TryDecode(text.AsSpan(4), bytes, out var written) && written == length, "a body that passes the length check decodes to that length");
        FuzzAssert.Equal(text, CiphertextText.Encode(bytes, length), "a decodable text is the one canonical text of its bytes");
    }
}
