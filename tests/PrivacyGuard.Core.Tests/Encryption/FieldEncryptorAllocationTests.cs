using PrivacyGuard.Encryption;

namespace PrivacyGuard.Tests.Encryption;

public class FieldEncryptorAllocationTests
{
    [Theory]
    [InlineData(FieldEncryptionAlgorithm.Aegis256)]
    [InlineData(FieldEncryptionAlgorithm.XChaCha20Poly1305)]
    public void Span_encrypt_and_decrypt_allocate_nothing_after_warm_up(FieldEncryptionAlgorithm algorithm)
    {
        using var key = SubjectDataKey.Import(7, FieldEncryptorContractTests.KeyBytes(1), algorithm);
        var encryptor = new FieldEncryptor();
        var context = new EncryptionContext("Customer", "Name", "subject-42", "tenant-a");
        var plaintext = new byte[32];
        var ciphertext = new byte[FieldEncryptor.GetCiphertextLength(plaintext.Length)];
        var decrypted = new byte[plaintext.Length];
        Run(encryptor, key, context, plaintext, ciphertext, decrypted, 200);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(encryptor, key, context, plaintext, ciphertext, decrypted, 2_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void Run(
        FieldEncryptor encryptor, SubjectDataKey key, in EncryptionContext context, byte[] plaintext, byte[] ciphertext, byte[] decrypted, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var length = encryptor.Encrypt(key, context, plaintext, ciphertext);
            if (encryptor.TryDecrypt(key, context, ciphertext.AsSpan(0, length), decrypted, out _) != DecryptionStatus.Success)
            {
                Assert.Fail("A round trip failed.");
            }
        }
    }
}
