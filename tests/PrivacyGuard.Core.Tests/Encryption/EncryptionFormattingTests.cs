using PrivacyGuard.Encryption;

namespace PrivacyGuard.Tests.Encryption;

public class EncryptionFormattingTests
{
    [Theory]
    [InlineData(FieldEncryptionAlgorithm.Aegis256)]
    [InlineData(FieldEncryptionAlgorithm.XChaCha20Poly1305)]
    public void A_data_key_formats_its_id_and_algorithm_but_never_key_bytes(FieldEncryptionAlgorithm algorithm)
    {
        var raw = FieldEncryptorContractTests.KeyBytes(0xA0);
        using var key = SubjectDataKey.Import(0xCAFE, raw, algorithm);
        var text = key.ToString();

        Assert.Contains("0000cafe", text, StringComparison.Ordinal);
        Assert.Contains(algorithm.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(raw[..4]), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(raw)[..8], text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_context_formats_entity_and_property_but_never_subject_or_tenant()
    {
        var context = new EncryptionContext("Customer", "Email", "jane.doe@example.com", "acme-tenant");
        var text = context.ToString();

        Assert.Equal("EncryptionContext(Customer.Email)", text);
        Assert.DoesNotContain("jane", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("acme", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("EncryptionContext(Customer.Email)", $"{context}");
    }

    [Fact]
    public void A_blind_index_never_formats_its_key()
    {
        var raw = FieldEncryptorContractTests.KeyBytes(0xA0);
        using var index = new BlindIndex(raw);
        Assert.DoesNotContain(Convert.ToHexString(raw[..4]), index.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
