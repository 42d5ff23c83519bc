namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// The text form of a pseudonymization token: <c>{keyId}_{base32(16-byte keyed hash)}</c>, for example
/// <c>k1_7q2lq3m4dbx5lcu6p4r2g3zkse</c>. The key id lets readers tell which root key produced a token,
/// so keys can rotate without silently mixing tokens from two keys.
/// </summary>
internal static class PseudonymToken
{
    /// <summary>Separator between the key id and the hash.</summary>
    public const char Separator = '_';

    /// <summary>Characters of the encoded hash.</summary>
    public static readonly int HashChars = Base32Lower.GetEncodedLength(KeyedHash.OutputSize);

    /// <summary>True when <paramref name="text"/> has the exact shape of a token made with <paramref name="keyId"/>.</summary>
    public static bool IsToken(ReadOnlySpan<char> text, string keyId) =>
        text.Length == GetLength(keyId)
        && text.StartsWith(keyId, StringComparison.Ordinal)
        && text[keyId.Length] == Separator
        && Base32Lower.IsEncoded(text[(keyId.Length + 1)..]);

    /// <summary>True when the UTF-8 <paramref name="utf8"/> has the exact shape of a token made with <paramref name="keyId"/>.</summary>
    public static bool IsToken(ReadOnlySpan<byte> utf8, string keyId)
    {
        if (utf8.Length != GetLength(keyId) || utf8[keyId.Length] != (byte)Separator)
        {
            return false;
        }

        // Key ids are ASCII (KeyRingLoader.IsValidKeyId).
        for (var i = 0; i < keyId.Length; i++)
        {
            if (utf8[i] != keyId[i])
            {
                return false;
            }
        }

        return Base32Lower.IsEncoded(utf8[(keyId.Length + 1)..]);
    }

    /// <summary>Length of a token made with the key id <paramref name="keyId"/>.</summary>
    public static int GetLength(string keyId) => keyId.Length + 1 + HashChars;

    /// <summary>Writes the token for <paramref name="hash"/>; returns the characters written.</summary>
    public static int Write(string keyId, ReadOnlySpan<byte> hash, Span<char> destination)
    {
        keyId.AsSpan().CopyTo(destination);
        destination[keyId.Length] = Separator;
        return keyId.Length + 1 + Base32Lower.Encode(hash, destination[(keyId.Length + 1)..]);
    }

    /// <summary>
    /// Writes the token's key id and separator, and a placeholder for its hash characters, whose offset is
    /// <paramref name="hashAt"/> (<see cref="DeferredHashes"/> fills them in); returns the token's length.
    /// </summary>
    public static int WriteUtf8Placeholder(string keyId, Span<byte> destination, out int hashAt)
    {
        for (var i = 0; i < keyId.Length; i++)
        {
            destination[i] = (byte)keyId[i];
        }

        destination[keyId.Length] = (byte)Separator;
        hashAt = keyId.Length + 1;
        destination.Slice(hashAt, HashChars).Fill((byte)'a');
        return hashAt + HashChars;
    }

    /// <summary>Writes the token for <paramref name="hash"/> (16 bytes) as UTF-8; returns the bytes written.</summary>
    public static int WriteUtf8(string keyId, ReadOnlySpan<byte> hash, Span<byte> destination)
    {
        // Key ids are ASCII (KeyRingLoader.IsValidKeyId), so each character is one byte.
        for (var i = 0; i < keyId.Length; i++)
        {
            destination[i] = (byte)keyId[i];
        }

        destination[keyId.Length] = (byte)Separator;
        return keyId.Length + 1 + Base32Lower.Encode16(hash, destination[(keyId.Length + 1)..]);
    }
}
