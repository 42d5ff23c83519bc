using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace PrivacyGuard.Keys;

/// <summary>
/// Builds a <see cref="KeyRing"/> from <see cref="KeyRingOptions"/>, or explains why it cannot. Every problem
/// is reported by the name of its setting (<c>PrivacyGuard:KeyRing:Keys:k1</c>); a secret's value never appears.
/// </summary>
public static class KeyRingLoader
{
    private const int MaxKeyIdLength = 16;

    /// <summary>Loads the key ring, throwing <see cref="KeyRingException"/> listing every problem.</summary>
    public static KeyRing Load(KeyRingOptions options, string sectionName = KeyRingOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var keys = Read(options, sectionName, errors, out var currentKeyId);
        if (errors.Count > 0)
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }

            throw new KeyRingException("The PrivacyGuard key ring is not usable: " + string.Join(" ", errors));
        }

        return new KeyRing(keys, currentKeyId!, options.RetiredKeyIds);
    }

    /// <summary>Lists the problems <see cref="Load"/> would report; empty when the options are usable.</summary>
    public static IReadOnlyList<string> Validate(KeyRingOptions options, string sectionName = KeyRingOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var key in Read(options, sectionName, errors, out _))
        {
            key.Dispose();
        }

        return errors;
    }

    /// <summary>True when <paramref name="id"/> is a valid key id: 1 to 16 of <c>A-Z a-z 0-9 -</c>.</summary>
    public static bool IsValidKeyId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxKeyIdLength && !id.AsSpan().ContainsAnyExcept(KeyIdChars);

    private static readonly SearchValues<char> KeyIdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");

    private static List<RootKey> Read(KeyRingOptions options, string section, List<string> errors, out string? currentKeyId)
    {
        var secrets = new List<(string Id, string Base64, string Setting)>();
        foreach (var (id, value) in options.Keys)
        {
            secrets.Add((id, value, $"{section}:Keys:{id}"));
        }

        string? fileCurrent = null;
        if (!string.IsNullOrWhiteSpace(options.KeyFile))
        {
            fileCurrent = ReadKeyFile(options.KeyFile, $"{section}:KeyFile", secrets, errors);
        }

        if (secrets.Count == 0 && errors.Count == 0)
        {
            errors.Add($"No root key is configured: set {section}:Keys:<id> to base64 of at least {RootKey.MinimumSecretSize} random bytes, or {section}:KeyFile to a key file (create one with 'keys new').");
        }

        var keys = new List<RootKey>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, base64, setting) in secrets)
        {
            if (!IsValidKeyId(id))
            {
                errors.Add($"{setting}: a key id must be 1 to {MaxKeyIdLength} characters of A-Z, a-z, 0-9 and '-'.");
                continue;
            }

            if (!seen.Add(id))
            {
                errors.Add($"{setting}: key id '{id}' is defined more than once.");
                continue;
            }

            var key = Decode(id, base64, setting, errors);
            if (key is not null)
            {
                keys.Add(key);
            }
        }

        var current = options.CurrentKeyId ?? fileCurrent;
        currentKeyId = current;
        if (string.IsNullOrWhiteSpace(current))
        {
            errors.Add($"{section}:CurrentKeyId is not set: name the key used for new tokens.");
        }
        else if (secrets.Count > 0 && !seen.Contains(current))
        {
            errors.Add($"{section}:CurrentKeyId names key '{(IsValidKeyId(current) ? current : "(invalid id)")}', which is not among the configured keys.");
        }

        if (current is not null && options.RetiredKeyIds.Contains(current))
        {
            errors.Add($"{section}:RetiredKeyIds contains the current key '{(IsValidKeyId(current) ? current : "(invalid id)")}': a retired key cannot be current.");
        }

        return keys;
    }

    private static RootKey? Decode(string id, string base64, string setting, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            errors.Add($"{setting} is empty: expected base64 of at least {RootKey.MinimumSecretSize} random bytes.");
            return null;
        }

        var buffer = new byte[(base64.Length * 3 / 4) + 3];
        try
        {
            if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var length))
            {
                errors.Add($"{setting} is not valid base64.");
                return null;
            }

            if (length < RootKey.MinimumSecretSize)
            {
                errors.Add($"{setting} is too short: {length} bytes, at least {RootKey.MinimumSecretSize} are required.");
                return null;
            }

            return new RootKey(id, buffer.AsSpan(0, length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private static string? ReadKeyFile(string path, string setting, List<(string, string, string)> secrets, List<string> errors)
    {
        if (!File.Exists(path))
        {
            errors.Add($"{setting} points to '{path}', which does not exist.");
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            string? current = null;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("currentKeyId", out var currentElement) && currentElement.ValueKind == JsonValueKind.String)
            {
                current = currentElement.GetString();
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{setting}: the key file '{path}' has no \"keys\" object.");
                return current;
            }

            foreach (var property in keys.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? string.Empty : string.Empty;
                secrets.Add((property.Name, value, $"{setting} ('{path}') keys.{property.Name}"));
            }

            return current;
        }
        catch (JsonException)
        {
            // The parser's message can quote file content, which may be key material: report the file only.
            errors.Add($"{setting}: the key file '{path}' is not valid JSON.");
            return null;
        }
        catch (IOException)
        {
            errors.Add($"{setting}: the key file '{path}' cannot be read.");
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            errors.Add($"{setting}: the key file '{path}' cannot be read (access denied).");
            return null;
        }
    }
}
