using PrivacyGuard.Keys;

namespace PrivacyGuard.Tests.Keys;

public class RootKeyTests
{
    [Fact]
    public void Formatting_a_key_or_key_ring_never_shows_the_secret()
    {
        using var ring = TestKeys.RingA();
        var secretBytes = Convert.FromBase64String(TestKeys.SecretA);
        foreach (var text in new[] { ring.ToString(), ring.Current.ToString(), $"{ring.Current}" })
        {
            Assert.DoesNotContain(TestKeys.SecretA, text);
            Assert.DoesNotContain(Convert.ToHexString(secretBytes), text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("ka", text);
        }
    }

    [Fact]
    public void Subkeys_are_deterministic_and_separated_by_label()
    {
        using var ring = TestKeys.RingA();
        var email1 = new byte[32];
        var email2 = new byte[32];
        var marketing = new byte[32];
        ring.Current.DeriveSubkey(KeyDerivationLabels.EmailToken("ServiceDelivery"), email1);
        ring.Current.DeriveSubkey(KeyDerivationLabels.EmailToken("ServiceDelivery"), email2);
        ring.Current.DeriveSubkey(KeyDerivationLabels.EmailToken("Marketing"), marketing);
        Assert.Equal(email1, email2);
        Assert.NotEqual(email1, marketing);
    }

    [Fact]
    public void Subkeys_match_RFC_5869_HKDF_SHA256_with_the_documented_salt_and_label()
    {
        // Independent computation with the BCL's HKDF over the same inputs.
        using var ring = TestKeys.RingA();
        var actual = new byte[32];
        ring.Current.DeriveSubkey("pseudonymize/email-token/Marketing", actual);
        var expected = System.Security.Cryptography.HKDF.DeriveKey(
            System.Security.Cryptography.HashAlgorithmName.SHA256,
            Convert.FromBase64String(TestKeys.SecretA),
            32,
            "PrivacyGuard.KeyRing.v1"u8.ToArray(),
            "pseudonymize/email-token/Marketing"u8.ToArray());
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Different_root_keys_give_different_subkeys()
    {
        using var a = TestKeys.RingA();
        using var b = TestKeys.RingB();
        var ka = new byte[32];
        var kb = new byte[32];
        a.Current.DeriveSubkey("x", ka);
        b.Current.DeriveSubkey("x", kb);
        Assert.NotEqual(ka, kb);
    }

    [Fact]
    public void A_disposed_key_refuses_to_derive()
    {
        var ring = TestKeys.RingA();
        ring.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ring.Current.DeriveSubkey("x", new byte[32]));
    }
}
