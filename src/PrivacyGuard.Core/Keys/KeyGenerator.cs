using System.Security.Cryptography;
using System.Text.Json;

namespace PrivacyGuard.Keys;

/// <summary>Creates new root keys and key files (the <c>keys new</c> command uses it).</summary>
public static class KeyGenerator
{
    /// <summary>Base64 of <paramref name="size"/> bytes from the operating system's CSPRNG.</summary>
    public static string NewSecret(int size = RootKey.MinimumSecretSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, RootKey.MinimumSecretSize);
        var bytes = RandomNumberGenerator.GetBytes(size);
        try
        {
            return Convert.ToBase64String(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>A fresh key id of the form <c>kYYYYMMDD-xxxx</c> (date of creation plus 4 random hex digits).</summary>
    public static string NewKeyId(TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        return $"k{now:yyyyMMdd}-{RandomNumberGenerator.GetHexString(4, lowercase: true)}";
    }

    /// <summary>The JSON text of a key file with one new current key.</summary>
    public static string NewKeyFileJson(string? keyId = null)
    {
        keyId ??= NewKeyId();
        if (!KeyRingLoader.IsValidKeyId(keyId))
        {
            throw new ArgumentException("A key id must be 1 to 16 characters of A-Z, a-z, 0-9 and '-'.", nameof(keyId));
        }

        var content = new Dictionary<string, object>
        {
            ["currentKeyId"] = keyId,
            ["keys"] = new Dictionary<string, string> { [keyId] = NewSecret() },
        };
        return JsonSerializer.Serialize(content, KeyFileJsonOptions);
    }

    private static readonly JsonSerializerOptions KeyFileJsonOptions = new() { WriteIndented = true };
}
