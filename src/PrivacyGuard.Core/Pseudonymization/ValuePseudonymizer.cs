using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using PrivacyGuard.Keys;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// Pseudonymizes free-form values that have no structure of their own (user names, other identifiers): a keyed
/// BLAKE2b over the trimmed UTF-8 value, written as <c>keyId_base32</c>. One-way and deterministic per key, so equal
/// values still join. Thread-safe.
/// </summary>
[SkipLocalsInit]
public sealed class ValuePseudonymizer : IDisposable
{
    private const int StackBytes = 512;
    private readonly string _keyId;
    private readonly KeyedHash _hash;

    /// <summary>Creates a pseudonymizer for one key.</summary>
    /// <param name="keyId">The key id written before each token: 1 to 16 characters of <c>A-Z a-z 0-9 -</c>.</param>
    /// <param name="key">The 32-byte pseudonymization key (derived per scope from a root key). It is copied.</param>
    public ValuePseudonymizer(string keyId, ReadOnlySpan<byte> key)
    {
        if (!KeyRingLoader.IsValidKeyId(keyId))
        {
            throw new ArgumentException("A key id must be 1 to 16 characters of A-Z, a-z, 0-9 and '-'.", nameof(keyId));
        }

        _keyId = keyId;
        _hash = new KeyedHash(key);
    }

    /// <summary>The length of every token this instance writes.</summary>
    public int TokenLength => PseudonymToken.GetLength(_keyId);

    /// <summary>
    /// True when <paramref name="value"/> has the shape of a token this instance's key id writes
    /// (<c>{keyId}_{26 base32 characters}</c>), so a value that is already a pseudonym is not pseudonymized again.
    /// </summary>
    public bool IsPseudonym(ReadOnlySpan<char> value) => PseudonymToken.IsToken(value, _keyId);

    /// <summary><see cref="IsPseudonym(ReadOnlySpan{char})"/> of a UTF-8 value.</summary>
    public bool IsPseudonym(ReadOnlySpan<byte> utf8Value) => PseudonymToken.IsToken(utf8Value, _keyId);

    /// <summary>Returns the pseudonym of <paramref name="value"/> (leading and trailing white space ignored).</summary>
    /// <exception cref="ArgumentException">The value is not well-formed UTF-16.</exception>
    public string Pseudonymize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.AsSpan().Trim();
        var maxBytes = Encoding.UTF8.GetMaxByteCount(trimmed.Length);
        byte[]? rented = null;
        var utf8 = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        var count = 0;
        try
        {
            if (Utf8.FromUtf16(trimmed, utf8, out _, out count, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                throw new ArgumentException("The value is not well-formed UTF-16 (it holds an unpaired surrogate).", nameof(value));
            }

            Span<byte> hash = stackalloc byte[KeyedHash.OutputSize];
            _hash.Compute(utf8[..count], hash);
            Span<char> token = stackalloc char[64];
            return new string(token[..PseudonymToken.Write(_keyId, hash, token)]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8[..count]);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Writes the pseudonym of the UTF-8 value <paramref name="utf8Value"/> as UTF-8 (ASCII): the same token
    /// <see cref="Pseudonymize(string)"/> returns for the same text (white space around it is ignored the same way),
    /// without allocating. False only when <paramref name="destination"/> is shorter than <see cref="TokenLength"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not well-formed UTF-8.</exception>
    public bool TryPseudonymize(ReadOnlySpan<byte> utf8Value, Span<byte> destination, out int bytesWritten)
    {
        if (!Utf8.IsValid(utf8Value))
        {
            throw new ArgumentException("The value is not well-formed UTF-8.", nameof(utf8Value));
        }

        return TryPseudonymizeValidUtf8(utf8Value, destination, out bytesWritten);
    }

    /// <summary>
    /// <see cref="TryPseudonymize(ReadOnlySpan{byte}, Span{byte}, out int)"/> for a caller that has already checked the
    /// value is well-formed UTF-8 (the JSON rewriter checks every value it replaces), so the hot path checks it once.
    /// </summary>
    internal bool TryPseudonymizeValidUtf8(ReadOnlySpan<byte> utf8Value, Span<byte> destination, out int bytesWritten) =>
        TryPseudonymizeValidUtf8(utf8Value, destination, deferred: null, out bytesWritten, out _);

    /// <summary>
    /// <see cref="TryPseudonymizeValidUtf8(ReadOnlySpan{byte}, Span{byte}, out int)"/> that may leave the hash to
    /// <paramref name="deferred"/>: then <paramref name="hashAt"/> is where, in the token written to
    /// <paramref name="destination"/>, the hash characters go (a placeholder until the caller completes
    /// <paramref name="deferred"/>); otherwise it is -1 and the token is whole.
    /// </summary>
    internal bool TryPseudonymizeValidUtf8(ReadOnlySpan<byte> utf8Value, Span<byte> destination, DeferredHashes? deferred, out int bytesWritten, out int hashAt)
    {
        bytesWritten = 0;
        hashAt = -1;
        if (destination.Length < TokenLength)
        {
            return false;
        }

        var message = TrimWhiteSpace(utf8Value);
        if (deferred is not null && deferred.TryAdd(_hash, message))
        {
            bytesWritten = PseudonymToken.WriteUtf8Placeholder(_keyId, destination, out hashAt);
            return true;
        }

        Span<byte> hash = stackalloc byte[KeyedHash.OutputSize];
        _hash.Compute(message, hash);
        bytesWritten = PseudonymToken.WriteUtf8(_keyId, hash, destination);
        return true;
    }

    /// <summary>Releases the key.</summary>
    public void Dispose() => _hash.Dispose();

    /// <summary>Trims what <see cref="MemoryExtensions.Trim(ReadOnlySpan{char})"/> trims from UTF-16 (<see cref="Rune.IsWhiteSpace"/>).</summary>
    private static ReadOnlySpan<byte> TrimWhiteSpace(ReadOnlySpan<byte> utf8)
    {
        // The common case: printable ASCII at both ends, where nothing is white space.
        if (!utf8.IsEmpty && utf8[0] is > (byte)' ' and < 0x7F && utf8[^1] is > (byte)' ' and < 0x7F)
        {
            return utf8;
        }

        while (!utf8.IsEmpty && Rune.DecodeFromUtf8(utf8, out var rune, out var length) == OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            utf8 = utf8[length..];
        }

        while (!utf8.IsEmpty && Rune.DecodeLastFromUtf8(utf8, out var rune, out var length) == OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            utf8 = utf8[..^length];
        }

        return utf8;
    }

    /// <summary>Describes the pseudonymizer by key id; never shows key material.</summary>
    public override string ToString() => $"ValuePseudonymizer(key id {_keyId}, key hidden)";
}
