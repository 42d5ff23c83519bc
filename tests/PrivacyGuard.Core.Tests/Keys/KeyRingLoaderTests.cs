using PrivacyGuard.Keys;

namespace PrivacyGuard.Tests.Keys;

public class KeyRingLoaderTests
{
    [Fact]
    public void A_configured_key_becomes_the_current_key()
    {
        using var ring = TestKeys.RingA();
        Assert.Equal("ka", ring.Current.Id);
        Assert.True(ring.TryGetKey("ka", out _));
        Assert.False(ring.TryGetKey("kb", out _));
    }

    [Fact]
    public void Missing_keys_are_reported_by_setting_name()
    {
        var error = Assert.Throws<KeyRingException>(() => KeyRingLoader.Load(new KeyRingOptions()));
        Assert.Contains("PrivacyGuard:KeyRing:Keys:<id>", error.Message);
        Assert.Contains("PrivacyGuard:KeyRing:CurrentKeyId", error.Message);
    }

    [Theory]
    [InlineData("c2hvcnQ=", "too short")] // "short": 5 bytes
    [InlineData("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHw==", "too short")] // 31 bytes
    [InlineData("not base64 at all!!", "not valid base64")]
    [InlineData("  ", "is empty")]
    public void Bad_secrets_are_reported_by_setting_name_without_the_value(string secret, string expected)
    {
        var options = new KeyRingOptions { CurrentKeyId = "k1" };
        options.Keys["k1"] = secret;
        var error = Assert.Throws<KeyRingException>(() => KeyRingLoader.Load(options));
        Assert.Contains("PrivacyGuard:KeyRing:Keys:k1", error.Message);
        Assert.Contains(expected, error.Message);
        if (secret.Trim().Length > 0)
        {
            Assert.DoesNotContain(secret, error.Message);
        }
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("waaaaaaaay-too-long-id")]
    [InlineData("ümlaut")]
    public void Key_ids_outside_the_allowed_alphabet_are_refused(string id)
    {
        var options = new KeyRingOptions { CurrentKeyId = id };
        options.Keys[id] = TestKeys.SecretA;
        var error = Assert.Throws<KeyRingException>(() => KeyRingLoader.Load(options));
        Assert.Contains("key id must be", error.Message);
        Assert.DoesNotContain(TestKeys.SecretA, error.Message);
    }

    [Fact]
    public void A_current_key_id_that_names_no_key_is_refused()
    {
        var options = new KeyRingOptions { CurrentKeyId = "k2" };
        options.Keys["k1"] = TestKeys.SecretA;
        var error = Assert.Throws<KeyRingException>(() => KeyRingLoader.Load(options));
        Assert.Contains("CurrentKeyId names key 'k2'", error.Message);
    }

    [Fact]
    public void A_generated_key_file_loads_and_its_key_is_current()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pg-keys-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, KeyGenerator.NewKeyFileJson("k2026"));
            using var ring = KeyRingLoader.Load(new KeyRingOptions { KeyFile = path });
            Assert.Equal("k2026", ring.Current.Id);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{ not json AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", "not valid JSON")]
    [InlineData("{\"currentKeyId\":\"k1\"}", "no \"keys\" object")]
    [InlineData("{\"currentKeyId\":\"k1\",\"keys\":{\"k1\":\"AQID\"}}", "too short")]
    public void A_corrupt_key_file_is_refused_without_echoing_its_content(string content, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pg-keys-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, content);
            var error = Assert.Throws<KeyRingException>(() => KeyRingLoader.Load(new KeyRingOptions { KeyFile = path }));
            Assert.Contains("PrivacyGuard:KeyRing:KeyFile", error.Message);
            Assert.Contains(expected, error.Message);
            Assert.DoesNotContain("AQID", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_key_file_is_named_in_the_error()
    {
        var error = Assert.Throws<KeyRingException>(() => KeyRingLoader.Load(new KeyRingOptions { KeyFile = "/nonexistent/keys.json" }));
        Assert.Contains("PrivacyGuard:KeyRing:KeyFile points to '/nonexistent/keys.json', which does not exist", error.Message);
    }

    [Fact]
    public void Validate_lists_the_same_problems_Load_reports()
    {
        var options = new KeyRingOptions { CurrentKeyId = "k1" };
        options.Keys["k1"] = "AQID";
        var errors = KeyRingLoader.Validate(options);
        Assert.Single(errors);
        Assert.Contains("too short", errors[0]);
    }
}
