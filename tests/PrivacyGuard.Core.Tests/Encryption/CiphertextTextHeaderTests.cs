using System.Buffers.Text;
using System.Security.Cryptography;
using CsCheck;
using PrivacyGuard.Encryption;

namespace PrivacyGuard.Tests.Encryption;

/// <summary>
/// The header of a ciphertext's text form is read from its first characters only; it must agree with reading the
/// decoded binary form whole, for every value: real ciphertexts, arbitrary bytes and text that is not base64url.
/// </summary>
public sealed class CiphertextTextHeaderTests
{
    // First byte often the format version and second often a known algorithm id, so valid headers are common.
    private static readonly Gen<byte[]> Binary =
        Gen.Select(Gen.Byte.Array[0, 120], Gen.Int[0, 3], Gen.OneOf(Gen.Const((byte)1), Gen.Const((byte)2), Gen.Const((byte)3), Gen.Byte), (bytes, shape, algorithm) =>
        {
            if (shape > 0 && bytes.Length > 0)
            {
                bytes[0] = 1;
            }

            if (shape > 1 && bytes.Length > 1)
            {
                bytes[1] = algorithm;
            }

            return bytes;
        });

    [Fact]
    public void Reading_the_header_of_the_text_form_agrees_with_reading_the_binary_form()
    {
        Binary.Sample(binary =>
        {
            var text = CiphertextText.Prefix + Base64Url.EncodeToString(binary);
            var fromBinary = FieldEncryptor.TryReadHeader(binary, out var expected);
            var fromText = FieldEncryptor.TryReadHeader(text, out var actual);
            Assert.Equal(fromBinary, fromText);
            Assert.Equal(expected, actual);
        }, iter: 10_000);
    }

    [Fact]
    public void Text_that_is_not_strict_base64url_has_no_header()
    {
        Gen.Select(Binary, Gen.OneOf(Gen.Const('='), Gen.Const('+'), Gen.Const('/'), Gen.Const(' '), Gen.Const('.'), Gen.Const('\u00e9')), Gen.Int[0, 200], (binary, bad, at) =>
            (binary, bad, at)).Sample(sample =>
        {
            var body = Base64Url.EncodeToString(sample.binary);
            var index = body.Length == 0 ? 0 : sample.at % body.Length;
            var broken = CiphertextText.Prefix + body[..index] + sample.bad + body[index..];
            Assert.False(FieldEncryptor.TryReadHeader(broken, out var header));
            Assert.Equal(default, header);
        }, iter: 10_000);
    }

    [Fact]
    public void A_real_ciphertext_header_names_its_data_key()
    {
        var encryptor = new FieldEncryptor();
        using var key = SubjectDataKey.Import(4242, RandomNumberGenerator.GetBytes(32), FieldEncryptionAlgorithm.Aegis256);
        var text = encryptor.EncryptString(key, new EncryptionContext("Customer", "Email", "subject-1"), "jane@example.com");
        Assert.True(FieldEncryptor.TryReadHeader(text, out var header));
        Assert.Equal((4242u, FieldEncryptionAlgorithm.Aegis256), (header.DataKeyId, header.Algorithm));
    }
}
