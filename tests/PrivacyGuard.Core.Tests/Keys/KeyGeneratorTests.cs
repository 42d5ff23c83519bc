using PrivacyGuard.Keys;

namespace PrivacyGuard.Tests.Keys;

public class KeyGeneratorTests
{
    [Fact]
    public void New_secrets_are_32_random_bytes_in_base64()
    {
        var a = KeyGenerator.NewSecret();
        var b = KeyGenerator.NewSecret();
        Assert.Equal(32, Convert.FromBase64String(a).Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void New_key_ids_are_valid_key_ids() =>
        Assert.True(KeyRingLoader.IsValidKeyId(KeyGenerator.NewKeyId()));

    [Fact]
    public void Secrets_shorter_than_32_bytes_cannot_be_generated() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyGenerator.NewSecret(16));
}
