using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using NSec.Cryptography;
using PrivacyGuard.Encryption;

namespace PrivacyGuard.Tests.Encryption;

/// <summary>The known-answer vector of docs/ciphertext-format.md, recomputed here from first principles.</summary>
public class FieldEncryptorKnownAnswerTests
{
    private const uint DataKeyId = 0x01020304;
    private const string ExpectedHex =
        "0101010203040001" + "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f" // header: v1, AEGIS-256, key 0x01020304, key version 1, nonce
        + "38b40ed709f372f3" // ciphertext
        + "4aff1de1c8a2a59281102085b7fca393c9d0bab26e7098800807bdca330afdec"; // tag
    private const string ExpectedText =
        "pg1.AQEBAgMEAAGAgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2enzi0DtcJ83LzSv8d4ciipZKBECCFt_yjk8nQurJucJiACAe9yjMK_ew";
    private const string ExpectedAssociatedDataHex =
        "0101010203040001808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f" // the header
        + "00000008437573746f6d6572" + "000000044e616d65" + "000000023432" // "Customer", "Name", "42"
        + "01" + "0000000461636d65"; // tenant present, "acme"

    private static readonly byte[] KeyBytes = [.. Enumerable.Range(0x00, 32).Select(i => (byte)i)];
    private static readonly byte[] Nonce = [.. Enumerable.Range(0x80, 32).Select(i => (byte)i)];
    private static readonly EncryptionContext Context = new("Customer", "Name", "42", "acme");
    private static readonly byte[] Plaintext = "Jane Doe"u8.ToArray();

    [Fact]
    public void The_encryptor_reproduces_the_documented_vector()
    {
        using var key = SubjectDataKey.Import(DataKeyId, KeyBytes, FieldEncryptionAlgorithm.Aegis256);
        var encryptor = new FieldEncryptor(Nonce);

        Assert.Equal(ExpectedHex, Convert.ToHexStringLower(encryptor.Encrypt(key, Context, Plaintext)));
        Assert.Equal(ExpectedText, encryptor.EncryptString(key, Context, "Jane Doe"));
        Assert.Equal(DecryptionStatus.Success, new FieldEncryptor().TryDecryptString(key, Context, ExpectedText, out var plaintext));
        Assert.Equal("Jane Doe", plaintext);
    }

    [Fact]
    public void The_documented_vector_is_raw_AEGIS_256_over_the_documented_header_and_associated_data()
    {
        byte[] header = [0x01, 0x01, 0x01, 0x02, 0x03, 0x04, 0x00, 0x01, .. Nonce];
        var ad = new List<byte>(header);
        foreach (var field in new[] { "Customer", "Name", "42" })
        {
            AddLengthPrefixed(ad, field);
        }

        ad.Add(0x01); // a tenant follows
        AddLengthPrefixed(ad, "acme");

        var algorithm = AeadAlgorithm.Aegis256;
        using var key = Key.Import(algorithm, KeyBytes, KeyBlobFormat.RawSymmetricKey);
        byte[] expected = [.. header, .. algorithm.Encrypt(key, Nonce, ad.ToArray(), Plaintext)];

        Assert.Equal(ExpectedAssociatedDataHex, Convert.ToHexStringLower(ad.ToArray()));
        Assert.Equal(ExpectedHex, Convert.ToHexStringLower(expected));
        Assert.Equal(ExpectedText, "pg1." + Base64Url.EncodeToString(expected));
    }

    private static void AddLengthPrefixed(List<byte> destination, string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)utf8.Length);
        destination.AddRange(length);
        destination.AddRange(utf8);
    }
}
