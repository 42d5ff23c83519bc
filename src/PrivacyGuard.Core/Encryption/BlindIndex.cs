using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Encryption;

/// <summary>
/// The blind index of an encrypted property: a keyed BLAKE2b hash of the value's canonical form, stored beside the
/// ciphertext so equality look-ups still work. The same value and key always give the same index; without the key the
/// index reveals nothing about the value. Use one key per entity type and property
/// (derived with <see cref="Keys.KeyDerivationLabels.BlindIndex"/>).
/// </summary>
/// <remarks>
/// <para>
/// Canonical forms: an e-mail address is canonicalized as the e-mail pseudonymizer does with default options (trimmed,
/// domain lower-cased and IDNA-converted, local part lower-cased, <c>+tag</c> kept); other text is trimmed and brought
/// to Unicode NFC (ASCII is already NFC and skips normalization). Text is otherwise case-sensitive. The index is the
/// first <see cref="Length"/> bytes (16, or 8 to trade more false positives for less linkability) of keyed
/// BLAKE2b-256/128 over the canonical UTF-8 bytes; its text form is base64url without padding.
/// </para>
/// <para>Thread-safe; dispose to release the key. Error messages never contain the value.</para>
/// </remarks>
[SkipLocalsInit]
public sealed class BlindIndex : IDisposable
{
    /// <summary>The default index length in bytes.</summary>
    public const int DefaultLength = KeyedHash.OutputSize;

    /// <summary>The short index length in bytes: more equal indexes for different values, so less linkable.</summary>
    public const int ShortLength = 8;

    /// <summary>Size of the key in bytes.</summary>
    public const int KeySize = KeyedHash.KeySize;

    private const int StackChars = 256;
    private static readonly EmailPseudonymizerOptions EmailDefaults = new();
    private readonly KeyedHash _hash;

    /// <summary>Creates a blind index for one property.</summary>
    /// <param name="key">The 32-byte blind index key of the property. It is copied.</param>
    /// <param name="length"><see cref="DefaultLength"/> (16) or <see cref="ShortLength"/> (8) bytes.</param>
    public BlindIndex(ReadOnlySpan<byte> key, int length = DefaultLength)
    {
        if (length is not (DefaultLength or ShortLength))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A blind index is 16 or 8 bytes.");
        }

        Length = length;
        _hash = new KeyedHash(key);
    }

    /// <summary>Length of the index in bytes.</summary>
    public int Length { get; }

    /// <summary>The index of an e-mail address, as base64url text.</summary>
    /// <exception cref="ArgumentException">The value is not a valid e-mail address.</exception>
    public string ComputeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        Span<byte> index = stackalloc byte[DefaultLength];
        return Base64Url.EncodeToString(index[..ComputeEmail(email.AsSpan(), index)]);
    }

    /// <summary>Writes the index of an e-mail address (<see cref="Length"/> bytes); returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The value is not a valid e-mail address, or the destination is too small.</exception>
    public int ComputeEmail(ReadOnlySpan<char> email, Span<byte> destination)
    {
        Span<char> canonical = stackalloc char[EmailCanonicalizer.MaxCanonicalLength];
        var problem = EmailCanonicalizer.Canonicalize(
            email, EmailDefaults.FoldLocalPartCase, EmailDefaults.RemovePlusTag, canonical, out var length, out _);
        if (problem != EmailProblem.None)
        {
            throw new ArgumentException($"The value is not a valid e-mail address ({problem}).", nameof(email));
        }

        return Hash(canonical[..length], destination);
    }

    /// <summary>The index of a text value (trimmed, NFC), as base64url text.</summary>
    /// <exception cref="ArgumentException">The value is not well-formed UTF-16.</exception>
    public string ComputeText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> index = stackalloc byte[DefaultLength];
        return Base64Url.EncodeToString(index[..ComputeText(value.AsSpan(), index)]);
    }

    /// <summary>Writes the index of a text value (trimmed, NFC; <see cref="Length"/> bytes); returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The value is not well-formed UTF-16, or the destination is too small.</exception>
    public int ComputeText(ReadOnlySpan<char> value, Span<byte> destination)
    {
        value = value.Trim();
        if (Ascii.IsValid(value) || IsNormalizedWellFormed(value))
        {
            return Hash(value, destination);
        }

        var normalizedLength = value.GetNormalizedLength(NormalizationForm.FormC);
        char[]? rented = null;
        var normalized = normalizedLength <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(normalizedLength));
        try
        {
            _ = value.TryNormalize(normalized, out var written, NormalizationForm.FormC);
            return Hash(normalized[..written], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>Releases the key.</summary>
    public void Dispose() => _hash.Dispose();

    /// <summary>Describes the index by length; never shows key material.</summary>
    public override string ToString() => $"BlindIndex(BLAKE2b, {Length} bytes, key hidden)";

    private static bool IsNormalizedWellFormed(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                throw new ArgumentException("The value is not well-formed UTF-16 (it holds an unpaired surrogate).", nameof(value));
            }
        }

        return value.IsNormalized(NormalizationForm.FormC);
    }

    private int Hash(ReadOnlySpan<char> canonical, Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination needs {Length} bytes.", nameof(destination));
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(canonical.Length);
        byte[]? rented = null;
        var utf8 = maxBytes <= StackChars * 3 ? stackalloc byte[StackChars * 3] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        var count = 0;
        try
        {
            if (Utf8.FromUtf16(canonical, utf8, out _, out count, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                throw new ArgumentException("The value is not well-formed UTF-16 (it holds an unpaired surrogate).");
            }

            Span<byte> hash = stackalloc byte[KeyedHash.OutputSize];
            _hash.Compute(utf8[..count], hash);
            hash[..Length].CopyTo(destination);
            return Length;
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
}
