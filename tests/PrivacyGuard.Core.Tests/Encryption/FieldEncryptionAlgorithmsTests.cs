using PrivacyGuard.Encryption;

namespace PrivacyGuard.Tests.Encryption;

public class FieldEncryptionAlgorithmsTests
{
    [Fact]
    public void Both_algorithms_are_supported_here() =>
        Assert.True(FieldEncryptionAlgorithms.IsSupported(FieldEncryptionAlgorithm.Aegis256)
            && FieldEncryptionAlgorithms.IsSupported(FieldEncryptionAlgorithm.XChaCha20Poly1305));

    [Theory]
    [InlineData(true, true, FieldEncryptionAlgorithm.Aegis256)]
    [InlineData(true, false, FieldEncryptionAlgorithm.XChaCha20Poly1305)]
    [InlineData(false, true, FieldEncryptionAlgorithm.XChaCha20Poly1305)]
    [InlineData(false, false, FieldEncryptionAlgorithm.XChaCha20Poly1305)]
    public void AEGIS_256_is_preferred_only_when_available_with_hardware_AES(bool aegisAvailable, bool hardwareAes, FieldEncryptionAlgorithm expected) =>
        Assert.Equal(expected, FieldEncryptionAlgorithms.Select(aegisAvailable, hardwareAes));

    [Fact]
    public void The_forced_fallback_round_trips_and_its_header_says_algorithm_2()
    {
        var fallback = FieldEncryptionAlgorithms.Select(aegisAvailable: true, hardwareAes: false);
        using var key = SubjectDataKey.Import(9, FieldEncryptorContractTests.KeyBytes(1), fallback);
        var encryptor = new FieldEncryptor();
        var context = new EncryptionContext("Customer", "Name", "subject-42");

        var ciphertext = encryptor.Encrypt(key, context, "Jane Doe"u8);

        Assert.Equal(2, ciphertext[1]);
        Assert.True(FieldEncryptor.TryReadHeader(ciphertext, out var header));
        Assert.Equal(FieldEncryptionAlgorithm.XChaCha20Poly1305, header.Algorithm);
        Assert.Equal(8 + 24, header.HeaderLength);
        Assert.Equal(DecryptionStatus.Success, encryptor.TryDecrypt(key, context, ciphertext, out byte[]? plaintext));
        Assert.Equal("Jane Doe"u8.ToArray(), plaintext);
    }

    [Fact]
    public void A_ciphertext_of_one_algorithm_does_not_decrypt_under_a_key_of_the_other_with_the_same_id()
    {
        using var aegis = SubjectDataKey.Import(9, FieldEncryptorContractTests.KeyBytes(1), FieldEncryptionAlgorithm.Aegis256);
        using var xchacha = SubjectDataKey.Import(9, FieldEncryptorContractTests.KeyBytes(1), FieldEncryptionAlgorithm.XChaCha20Poly1305);
        var encryptor = new FieldEncryptor();
        var context = new EncryptionContext("Customer", "Name", "subject-42");
        Assert.Equal(DecryptionStatus.Invalid, encryptor.TryDecrypt(xchacha, context, encryptor.Encrypt(aegis, context, "x"u8), out byte[]? _));
    }

    [Fact]
    public void An_unknown_algorithm_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SubjectDataKey.Import(1, new byte[32], (FieldEncryptionAlgorithm)3));
}
