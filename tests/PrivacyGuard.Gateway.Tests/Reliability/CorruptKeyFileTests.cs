using System.Security.Cryptography;
using PrivacyGuard.Gateway.Tests.MultiInstance;

namespace PrivacyGuard.Gateway.Tests.Reliability;

/// <summary>
/// The gateway executable started with a corrupt key file refuses to start, names the setting, and writes none of the
/// file's key material (whole, in part, or as hex) to its console output or exception text.
/// </summary>
public class CorruptKeyFileTests
{
    public static TheoryData<string, string> Corruptions => new()
    {
        // {0} is base64 of 32 random bytes; {1} is base64 of 16 (too short); every one is key material.
        { "truncated JSON", "{{\"currentKeyId\":\"k1\",\"keys\":{{\"k1\":\"{0}\"" },
        { "not base64", "{{\"currentKeyId\":\"k1\",\"keys\":{{\"k1\":\"{0}*!\"}}}}" },
        { "too short", "{{\"currentKeyId\":\"k1\",\"keys\":{{\"k1\":\"{1}\"}}}}" },
        { "no keys object", "{{\"currentKeyId\":\"k1\",\"k1\":\"{0}\"}}" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task A_corrupt_key_file_stops_the_gateway_without_writing_key_material(string corruption, string template)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var shortSecret = RandomNumberGenerator.GetBytes(16);
        var folder = Directory.CreateTempSubdirectory("privacyguard-corrupt-keys-").FullName;
        var keyFile = Path.Combine(folder, "keys.json");
        await File.WriteAllTextAsync(keyFile, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Convert.ToBase64String(secret), Convert.ToBase64String(shortSecret)), TestContext.Current.CancellationToken);
        try
        {
            var settings = new Dictionary<string, string> { ["PrivacyGuard:KeyRing:KeyFile"] = keyFile };

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(settings, TestContext.Current.CancellationToken));

            var output = refused.ToString();
            Assert.Contains("exited before listening", output, StringComparison.Ordinal);
            Assert.Contains("PrivacyGuard:KeyRing:KeyFile", output, StringComparison.Ordinal);
            foreach (var material in new[] { secret, shortSecret })
            {
                AssertAbsent(material, output, corruption);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>No 12-character run of the key's base64, and none of its hex, appears in <paramref name="output"/>.</summary>
    private static void AssertAbsent(byte[] key, string output, string corruption)
    {
        var base64 = Convert.ToBase64String(key).TrimEnd('=');
        for (var start = 0; start + 12 <= base64.Length; start++)
        {
            Assert.False(output.Contains(base64.Substring(start, 12), StringComparison.Ordinal), $"{corruption}: part of the key's base64 was written.");
        }

        Assert.DoesNotContain(Convert.ToHexString(key), output, StringComparison.OrdinalIgnoreCase);
    }
}
