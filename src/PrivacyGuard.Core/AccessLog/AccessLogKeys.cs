using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using PrivacyGuard.Keys;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.AccessLog;

/// <summary>
/// The access log's keys, derived from the key ring: per root key, the chain key (HMAC-SHA-256, label
/// <see cref="KeyDerivationLabels.AccessLogChain"/>) and the subject-token key (keyed BLAKE2b, label
/// <see cref="KeyDerivationLabels.AccessLogSubjectToken"/>). Events carry the root key id, so they stay verifiable after the
/// current key changes, as long as the old key is in the ring. Thread-safe.
/// </summary>
internal sealed class AccessLogKeys(KeyRing keyRing) : IDisposable
{
    /// <summary>Size of a chain hash in bytes.</summary>
    public const int HashSize = 32;

    /// <summary>The previous hash of a chain's first event: 64 zeros.</summary>
    public static readonly string GenesisHash = new('0', HashSize * 2);

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private readonly ConcurrentDictionary<string, byte[]> _chainKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, KeyedHash> _tokenKeys = new(StringComparer.Ordinal);

    // Keyed HMAC instances per chain key, reused across events: a one-shot HMAC sets its key up again for every event.
    private readonly ConcurrentDictionary<string, ConcurrentBag<IncrementalHash>> _chainHmacs = new(StringComparer.Ordinal);

    public string CurrentKeyId => keyRing.Current.Id;

    /// <summary>The chain hash of an event: HMAC-SHA-256(chain key of its key id, previous hash bytes ‖ canonical form).</summary>
    /// <returns>Lowercase hex, or null when the key id is unknown or the previous hash is not 64 hex characters.</returns>
    public string? ComputeHash(StoredAccessEvent e)
    {
        if (!TryGetChainKey(e.KeyId, out var key) || !IsHashText(e.PreviousHash))
        {
            return null;
        }

        // Previous hash bytes and canonical form side by side, on the stack for any ordinary event.
        var length = HashSize + AccessEventEncoding.GetLength(e);
        byte[]? rented = null;
        var input = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        var pool = _chainHmacs.GetOrAdd(e.KeyId, static _ => []);
        if (!pool.TryTake(out var hmac))
        {
            hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        }

        try
        {
            Convert.FromHexString(e.PreviousHash, input[..HashSize], out _, out _);
            AccessEventEncoding.Write(e, input[HashSize..]);
            Span<byte> hash = stackalloc byte[HashSize];
            hmac.AppendData(input);
            hmac.GetHashAndReset(hash);
            pool.Add(hmac);
            hmac = null;
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            // An HMAC left mid-computation by an exception is not reused.
            hmac?.Dispose();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The MAC of a chain head, or null when its key id is unknown.</summary>
    public string? ComputeHeadMac(string keyId, string chain, long lastSequence, string lastHash) =>
        TryGetChainKey(keyId, out var key)
            ? Convert.ToHexStringLower(HMACSHA256.HashData(key, AccessEventEncoding.EncodeHead(chain, lastSequence, lastHash)))
            : null;

    /// <summary>The subject token under the current root key: <c>{keyId}_{base32(keyed BLAKE2b-128)}</c>.</summary>
    public string TokenizeSubject(string subjectId) => TokenizeSubject(subjectId, keyRing.Current.Id);

    /// <summary>The subject token under root key <paramref name="keyId"/> (for events written before a rotation).</summary>
    public string TokenizeSubject(string subjectId, string keyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        var hash = _tokenKeys.GetOrAdd(keyId, id => Derive(id, KeyDerivationLabels.AccessLogSubjectToken, k => new KeyedHash(k), KeyedHash.KeySize));
        // One token per subject: a GUID or integer id in any spelling is tokenized in its canonical one.
        var input = System.Text.Encoding.UTF8.GetBytes(Restriction.SubjectIdSpelling.Canonical(subjectId));
        Span<byte> output = stackalloc byte[KeyedHash.OutputSize];
        hash.Compute(input, output);
        Span<char> token = stackalloc char[PseudonymToken.GetLength(keyId)];
        var length = PseudonymToken.Write(keyId, output, token);
        return new string(token[..length]);
    }

    public static bool TryDecodeHash(string? hex, out byte[] bytes)
    {
        bytes = [];
        if (!IsHashText(hex))
        {
            return false;
        }

        bytes = Convert.FromHexString(hex);
        return true;
    }

    /// <summary>Whether <paramref name="hex"/> is a hash as chains store it: 64 lowercase hex characters.</summary>
    private static bool IsHashText([NotNullWhen(true)] string? hex) =>
        hex is not null && hex.Length == HashSize * 2 && !hex.AsSpan().ContainsAnyExcept(LowerHex);

    private bool TryGetChainKey(string keyId, out byte[] key)
    {
        if (_chainKeys.TryGetValue(keyId, out key!))
        {
            return true;
        }

        if (!keyRing.TryGetKey(keyId, out _))
        {
            return false;
        }

        key = _chainKeys.GetOrAdd(keyId, id => Derive(id, KeyDerivationLabels.AccessLogChain, static k => k, HashSize));
        return true;
    }

    private T Derive<T>(string keyId, string label, Func<byte[], T> create, int size)
    {
        if (!keyRing.TryGetKey(keyId, out var root))
        {
            throw new UnknownRootKeyException($"The root key '{keyId}' is not in the key ring.");
        }

        var key = new byte[size];
        try
        {
            root.DeriveSubkey(label, key);
            return create(key);
        }
        finally
        {
            if (typeof(T) != typeof(byte[]))
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    public void Dispose()
    {
        foreach (var hmac in _chainHmacs.Values.SelectMany(pool => pool))
        {
            hmac.Dispose();
        }

        foreach (var key in _chainKeys.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }

        foreach (var hash in _tokenKeys.Values)
        {
            hash.Dispose();
        }
    }

    public override string ToString() => "AccessLogKeys(keys hidden)";
}
