using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using PrivacyGuard.Encryption;

namespace PrivacyGuard.Tests.Encryption;

/// <summary>
/// Decoding a ciphertext's text form once (<see cref="FieldEncryptor.TryDecodeText"/>) and decrypting the binary form
/// into a string must behave exactly as <see cref="FieldEncryptor.TryDecryptString(SubjectDataKey, in EncryptionContext, string, out string?)"/>
/// does on the text: same plaintext, the same refusals, on the stack and in pooled buffers alike.
/// </summary>
public sealed class CiphertextTextDecodingTests
{
    private static readonly FieldEncryptor Encryptor = new();
    private static readonly EncryptionContext Context = new("Customer", "Notes", "subject-1");

    // Lengths either side of the 1,024-byte stack buffers, and text with multi-byte UTF-8.
    private static readonly Gen<string> Plaintext = Gen.OneOf(Gen.String[0, 40], Gen.String[900, 1100], Gen.Char['\u00e0', '\u00ff'].Array[0, 600].Select(c => new string(c)));

    [Fact]
    public void Decoding_then_decrypting_the_binary_form_gives_back_the_plaintext()
    {
        using var key = SubjectDataKey.Import(7, RandomNumberGenerator.GetBytes(32), FieldEncryptionAlgorithm.Aegis256);
        Plaintext.Where(s => !HasLoneSurrogate(s)).Sample(plaintext =>
        {
            var text = Encryptor.EncryptString(key, Context, plaintext);
            var binary = new byte[FieldEncryptor.GetMaxDecodedLength(text)];
            Assert.True(FieldEncryptor.TryDecodeText(text, binary, out var written));
            Assert.Equal(Base64Url.DecodeFromChars(text.AsSpan(CiphertextText.Prefix.Length)), binary[..written]);
            Assert.Equal(DecryptionStatus.Success, Encryptor.TryDecryptString(key, Context, binary.AsSpan(0, written), out var fromBinary));
            Assert.Equal(DecryptionStatus.Success, Encryptor.TryDecryptString(key, Context, text, out var fromText));
            Assert.Equal(plaintext, fromBinary);
            Assert.Equal(plaintext, fromText);
        }, iter: 2_000);
    }

    [Fact]
    public void Text_that_is_not_strict_base64url_or_lacks_the_prefix_does_not_decode()
    {
        Gen.Select(Gen.Byte.Array[0, 120], Gen.OneOf(Gen.Const('='), Gen.Const('+'), Gen.Const('/'), Gen.Const(' '), Gen.Const('.'), Gen.Const('\u00e9')), Gen.Int[0, 200], (binary, bad, at) =>
            (binary, bad, at)).Sample(sample =>
        {
            var body = Base64Url.EncodeToString(sample.binary);
            var index = body.Length == 0 ? 0 : sample.at % body.Length;
            var broken = CiphertextText.Prefix + body[..index] + sample.bad + body[index..];
            Assert.False(FieldEncryptor.TryDecodeText(broken, new byte[FieldEncryptor.GetMaxDecodedLength(broken)], out var written));
            Assert.Equal(0, written);
            Assert.False(FieldEncryptor.TryDecodeText(body, new byte[FieldEncryptor.GetMaxDecodedLength(body) + 3], out _));
        }, iter: 10_000);
    }

    [Fact]
    public void A_destination_too_small_is_refused_not_overrun()
    {
        using var key = SubjectDataKey.Import(7, RandomNumberGenerator.GetBytes(32), FieldEncryptionAlgorithm.Aegis256);
        var text = Encryptor.EncryptString(key, Context, "Jane Doe");
        var exact = Base64Url.DecodeFromChars(text.AsSpan(CiphertextText.Prefix.Length)).Length;
        Assert.False(FieldEncryptor.TryDecodeText(text, new byte[exact - 1], out _));
        Assert.True(FieldEncryptor.TryDecodeText(text, new byte[exact], out var written));
        Assert.Equal(exact, written);
    }

    [Fact]
    public void A_binary_ciphertext_whose_plaintext_is_not_utf8_is_invalid()
    {
        using var key = SubjectDataKey.Import(7, RandomNumberGenerator.GetBytes(32), FieldEncryptionAlgorithm.XChaCha20Poly1305);
        var ciphertext = Encryptor.Encrypt(key, Context, [0xC3, 0x28, 0xFF]);
        Assert.Equal(DecryptionStatus.Invalid, Encryptor.TryDecryptString(key, Context, ciphertext, out var plaintext));
        Assert.Null(plaintext);
    }

    [Fact]
    public void A_tampered_binary_ciphertext_does_not_decrypt_to_a_string()
    {
        using var key = SubjectDataKey.Import(7, RandomNumberGenerator.GetBytes(32), FieldEncryptionAlgorithm.Aegis256);
        var ciphertext = Encryptor.Encrypt(key, Context, "Jane Doe"u8);
        Gen.Int[0, ciphertext.Length - 1].Select(Gen.Byte[1, 255]).Sample((at, flip) =>
        {
            var copy = (byte[])ciphertext.Clone();
            copy[at] ^= flip;
            Assert.NotEqual(DecryptionStatus.Success, Encryptor.TryDecryptString(key, Context, copy, out var plaintext));
            Assert.Null(plaintext);
        }, iter: 2_000);
    }

    // A lone surrogate does not survive a UTF-8 round trip (it becomes U+FFFD); EncryptString refuses such strings.
    private static bool HasLoneSurrogate(string s) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s)) != s;
}
