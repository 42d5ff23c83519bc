using System.Text;
using CsCheck;
using PrivacyGuard.Encryption;

namespace PrivacyGuard.Tests.Encryption;

/// <summary>The contract every field encryption algorithm meets; one subclass per algorithm runs it.</summary>
public abstract class FieldEncryptorContractTests(FieldEncryptionAlgorithm algorithm)
{
    internal const uint DataKeyId = 0x0A0B0C0D;
    internal static readonly FieldEncryptor Encryptor = new();
    internal static readonly EncryptionContext Context = new("Customer", "Name", "subject-42", "tenant-a");

    private protected FieldEncryptionAlgorithm Algorithm { get; } = algorithm;

    internal static byte[] KeyBytes(byte first) => [.. Enumerable.Range(first, 32).Select(i => (byte)i)];

    private protected SubjectDataKey NewKey(uint dataKeyId = DataKeyId, byte first = 1) =>
        SubjectDataKey.Import(dataKeyId, KeyBytes(first), Algorithm);

    [Fact]
    public void Values_of_0_bytes_to_64_KiB_round_trip()
    {
        using var key = NewKey();
        Gen.Byte.Array[0, 65536].Sample(plaintext =>
        {
            var ciphertext = new byte[FieldEncryptor.GetCiphertextLength(plaintext.Length)];
            var length = Encryptor.Encrypt(key, Context, plaintext, ciphertext);
            var decrypted = new byte[FieldEncryptor.GetMaxPlaintextLength(length)];
            Assert.Equal(DecryptionStatus.Success, Encryptor.TryDecrypt(key, Context, ciphertext.AsSpan(0, length), decrypted, out var written));
            Assert.Equal(plaintext, decrypted.AsSpan(0, written).ToArray());
        }, iter: 300);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(1024)]
    [InlineData(65536)]
    public void The_ciphertext_has_the_documented_layout_and_length(int size)
    {
        using var key = NewKey();
        var ciphertext = Encryptor.Encrypt(key, Context, new byte[size]);

        Assert.Equal(FieldEncryptor.GetCiphertextLength(Algorithm, size), ciphertext.Length);
        Assert.True(FieldEncryptor.GetCiphertextLength(size) >= ciphertext.Length);
        Assert.True(FieldEncryptor.GetMaxPlaintextLength(ciphertext.Length) >= size);
        Assert.Equal(new byte[] { 1, (byte)Algorithm, 0x0A, 0x0B, 0x0C, 0x0D, 0, 1 }, ciphertext[..8]);
        Assert.True(FieldEncryptor.TryReadHeader(ciphertext, out var header));
        Assert.Equal(1, header.FormatVersion);
        Assert.Equal(Algorithm, header.Algorithm);
        Assert.Equal(DataKeyId, header.DataKeyId);
        Assert.Equal(1, header.KeyVersion);
        Assert.Equal(Algorithm == FieldEncryptionAlgorithm.Aegis256 ? 40 : 32, header.HeaderLength);
    }

    [Fact]
    public void Two_encryptions_of_one_value_differ()
    {
        using var key = NewKey();
        Assert.NotEqual(Encryptor.Encrypt(key, Context, "same"u8), Encryptor.Encrypt(key, Context, "same"u8));
    }

    [Fact]
    public void Strings_round_trip_through_the_text_form() =>
        Gen.String.Where(s => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s)) == s).Sample(value =>
        {
            using var key = NewKey();
            var text = Encryptor.EncryptString(key, Context, value);
            Assert.StartsWith("pg1.", text, StringComparison.Ordinal);
            Assert.Equal(DecryptionStatus.Success, Encryptor.TryDecryptString(key, Context, text, out var decrypted));
            Assert.Equal(value, decrypted);
        }, iter: 1_000);

    [Fact]
    public void A_string_with_an_unpaired_surrogate_is_refused()
    {
        using var key = NewKey();
        Assert.Throws<ArgumentException>(() => Encryptor.EncryptString(key, Context, "a\uD800b"));
    }

    [Fact]
    public void Byte_array_helpers_round_trip()
    {
        using var key = NewKey();
        var ciphertext = Encryptor.Encrypt(key, Context, "Jane Doe"u8);
        Assert.Equal(DecryptionStatus.Success, Encryptor.TryDecrypt(key, Context, ciphertext, out byte[]? plaintext));
        Assert.Equal("Jane Doe"u8.ToArray(), plaintext);
        ciphertext[^1] ^= 1;
        Assert.Equal(DecryptionStatus.Invalid, Encryptor.TryDecrypt(key, Context, ciphertext, out plaintext));
        Assert.Null(plaintext);
    }

    [Theory]
    [InlineData("Customer", "Name", "subject-43", "tenant-a")]
    [InlineData("Customer", "Nickname", "subject-42", "tenant-a")]
    [InlineData("Supplier", "Name", "subject-42", "tenant-a")]
    [InlineData("Customer", "Name", "subject-42", "tenant-b")]
    [InlineData("Customer", "Name", "subject-42", null)]
    [InlineData("CustomerN", "ame", "subject-42", "tenant-a")]
    [InlineData("Customer", "Names", "ubject-42", "tenant-a")]
    public void A_value_moved_to_another_row_column_entity_or_tenant_does_not_decrypt(string entity, string property, string subject, string? tenant)
    {
        using var key = NewKey();
        var ciphertext = Encryptor.Encrypt(key, Context, "Jane Doe"u8);
        var moved = new EncryptionContext(entity, property, subject, tenant);
        Assert.Equal(DecryptionStatus.Invalid, Encryptor.TryDecrypt(key, moved, ciphertext, out byte[]? _));
        Assert.Equal(DecryptionStatus.Invalid, Encryptor.TryDecryptString(key, moved, Encryptor.EncryptString(key, Context, "Jane"), out _));
    }

    [Fact]
    public void A_value_copied_to_another_subject_does_not_decrypt()
    {
        using var key = NewKey();
        var ciphertext = Encryptor.Encrypt(key, Context, "Jane Doe"u8);
        var other = new EncryptionContext(Context.EntityType, Context.Property, "subject-7", Context.Tenant);
        Assert.Equal(DecryptionStatus.Invalid, Encryptor.TryDecrypt(key, other, ciphertext, out byte[]? _));
    }

    [Fact]
    public void A_key_with_another_data_key_id_reports_a_key_mismatch()
    {
        using var key = NewKey();
        using var recreated = NewKey(dataKeyId: DataKeyId + 1, first: 100);
        var ciphertext = Encryptor.Encrypt(key, Context, "Jane Doe"u8);
        Assert.Equal(DecryptionStatus.KeyMismatch, Encryptor.TryDecrypt(recreated, Context, ciphertext, out byte[]? _));
    }

    [Fact]
    public void A_key_with_the_same_id_and_other_bytes_gives_invalid()
    {
        using var key = NewKey();
        using var impostor = NewKey(first: 100);
        var ciphertext = Encryptor.Encrypt(key, Context, "Jane Doe"u8);
        Assert.Equal(DecryptionStatus.Invalid, Encryptor.TryDecrypt(impostor, Context, ciphertext, out byte[]? _));
    }

    [Fact]
    public void A_failed_decryption_leaves_no_plaintext_in_the_destination()
    {
        using var key = NewKey();
        var ciphertext = Encryptor.Encrypt(key, Context, new byte[64]);
        ciphertext[^1] ^= 0x80;
        var destination = Enumerable.Repeat((byte)0xFF, 64).ToArray();
        Assert.Equal(DecryptionStatus.Invalid, Encryptor.TryDecrypt(key, Context, ciphertext, destination, out var written));
        Assert.Equal(0, written);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Caller_errors_throw_argument_exceptions()
    {
        using var key = NewKey();
        var ciphertext = Encryptor.Encrypt(key, Context, new byte[16]);
        Assert.Throws<ArgumentException>(() => Encryptor.Encrypt(key, Context, new byte[16], new byte[ciphertext.Length - 1]));
        Assert.Throws<ArgumentException>(() => Encryptor.TryDecrypt(key, Context, ciphertext, new byte[15], out _));
        Assert.Throws<ArgumentException>(() => Encryptor.Encrypt(key, default, new byte[16]));
        Assert.Throws<ArgumentException>(() => SubjectDataKey.Import(1, new byte[31], Algorithm));
    }
}
