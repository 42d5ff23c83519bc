using PrivacyGuard.Encryption;

namespace PrivacyGuard.Tests.Encryption;

/// <summary>Tampering and truncation of stored values, for every algorithm (the contract's second half).</summary>
public abstract class FieldEncryptorTamperingTests(FieldEncryptionAlgorithm algorithm) : FieldEncryptorContractTests(algorithm)
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1024, 1)]
    [InlineData(65536, 61)]
    public void Flipping_a_bit_of_a_stored_value_never_decrypts(int size, int bitStep)
    {
        using var key = NewKey();
        var ciphertext = Encryptor.Encrypt(key, Context, new byte[size]);
        var destination = new byte[size];
        for (var bit = 0; bit < ciphertext.Length * 8; bit += bitStep)
        {
            ciphertext[bit / 8] ^= (byte)(1 << (bit % 8));
            var status = Encryptor.TryDecrypt(key, Context, ciphertext, destination, out _);
            ciphertext[bit / 8] ^= (byte)(1 << (bit % 8));

            // Version (byte 0) and algorithm id (byte 1): unknown format. Data key id (bytes 2-5): another key. Else invalid.
            var expected = (bit / 8) switch
            {
                0 or 1 => DecryptionStatus.UnsupportedFormat,
                >= 2 and <= 5 => DecryptionStatus.KeyMismatch,
                _ => DecryptionStatus.Invalid,
            };
            Assert.Equal(expected, status);
        }

        Assert.Equal(DecryptionStatus.Success, Encryptor.TryDecrypt(key, Context, ciphertext, destination, out _));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1024, 1)]
    [InlineData(65536, 61)]
    public void Every_truncation_and_extension_is_rejected(int size, int step)
    {
        using var key = NewKey();
        var ciphertext = Encryptor.Encrypt(key, Context, new byte[size]);
        var destination = new byte[size];
        for (var length = 0; length < ciphertext.Length; length += step)
        {
            Assert.Equal(DecryptionStatus.Invalid, Encryptor.TryDecrypt(key, Context, ciphertext.AsSpan(0, length), destination, out _));
        }

        byte[] extended = [.. ciphertext, 0];
        Assert.Equal(DecryptionStatus.Invalid, Encryptor.TryDecrypt(key, Context, extended, new byte[size + 1], out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Jane Doe, 221B Baker Street, London, NW1 6XE, United Kingdom")]
    public void Corrupting_characters_of_the_text_form_is_rejected_without_exceptions(string value)
    {
        using var key = NewKey();
        var text = Encryptor.EncryptString(key, Context, value);
        var replacements = new[] { 'A', 'B', 'f', '_', '-', '0', '=', '+', '/', ' ', '.', '\n', 'é', '\0' };
        for (var i = 0; i < text.Length; i++)
        {
            foreach (var c in replacements.Where(c => c != text[i]))
            {
                var corrupted = string.Concat(text.AsSpan(0, i), [c], text.AsSpan(i + 1));
                var status = Encryptor.TryDecryptString(key, Context, corrupted, out var plaintext);
                Assert.NotEqual(DecryptionStatus.Success, status);
                Assert.Null(plaintext);
            }

            var truncated = Encryptor.TryDecryptString(key, Context, text[..i], out _);
            Assert.Equal(i < 4 ? DecryptionStatus.UnsupportedFormat : DecryptionStatus.Invalid, truncated);
            Assert.NotEqual(DecryptionStatus.Success, Encryptor.TryDecryptString(key, Context, text.Insert(i, " "), out _));
        }

        Assert.NotEqual(DecryptionStatus.Success, Encryptor.TryDecryptString(key, Context, text + "=", out _));
        Assert.Equal(DecryptionStatus.UnsupportedFormat, Encryptor.TryDecryptString(key, Context, "Jane Doe", out _));
    }
}
