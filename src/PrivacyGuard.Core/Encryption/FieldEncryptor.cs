using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace PrivacyGuard.Encryption;

/// <summary>
/// Encrypts and decrypts personal-data fields under a subject's data key (format v1, see <c>docs/ciphertext-format.md</c>):
/// a self-describing header (version, algorithm, data key id, key version, random nonce) followed by the AEAD-sealed
/// value, with the header and the <see cref="EncryptionContext"/> as associated data.
/// </summary>
/// <remarks>
/// <para>
/// Bad ciphertext never throws: <c>TryDecrypt*</c> return a <see cref="DecryptionStatus"/>, and every tampering,
/// truncation or wrong context gives the one outcome <see cref="DecryptionStatus.Invalid"/>. Exceptions are for caller
/// errors only: a null key or text, a default (empty) context, a destination too small, overlapping buffers.
/// </para>
/// <para>
/// Thread-safe and stateless apart from the per-thread nonce buffer. The span overloads allocate nothing (associated
/// data goes on the stack, or in a pooled array for contexts over 512 bytes).
/// </para>
/// </remarks>
[SkipLocalsInit]
public sealed partial class FieldEncryptor
{
    private const int StackAssociatedData = 512;
    private readonly byte[]? _fixedNonce;

    /// <summary>Creates an encryptor that draws a fresh random nonce for every value.</summary>
    public FieldEncryptor()
    {
    }

    /// <summary>Creates an encryptor that uses <paramref name="fixedNonce"/> for every value: known-answer tests only.</summary>
    internal FieldEncryptor(byte[] fixedNonce) => _fixedNonce = fixedNonce;

    /// <summary>Upper bound of the ciphertext length of a plaintext, for any algorithm (plaintext + 72 bytes).</summary>
    public static int GetCiphertextLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(plaintextLength, Array.MaxLength - CiphertextFormat.MaxOverhead);
        return plaintextLength + CiphertextFormat.MaxOverhead;
    }

    /// <summary>Exact ciphertext length of a plaintext under <paramref name="algorithm"/> (plaintext + 72 or + 48 bytes).</summary>
    public static int GetCiphertextLength(FieldEncryptionAlgorithm algorithm, int plaintextLength) =>
        GetCiphertextLength(plaintextLength) - CiphertextFormat.MaxOverhead
        + CiphertextFormat.HeaderLength(algorithm) + CiphertextFormat.TagSize(algorithm);

    /// <summary>Upper bound of the plaintext length in a ciphertext of <paramref name="ciphertextLength"/> bytes; never negative.</summary>
    public static int GetMaxPlaintextLength(int ciphertextLength) => Math.Max(0, ciphertextLength - CiphertextFormat.MinOverhead);

    /// <summary>Reads the header (to find which data key to fetch); false when the value is not a v1 ciphertext.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> ciphertext, out CiphertextHeader header) =>
        CiphertextFormat.ReadHeader(ciphertext, out header) == DecryptionStatus.Success;

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is too small (see <see cref="GetCiphertextLength(int)"/>),
    /// overlaps the plaintext, or the context is empty.</exception>
    public int Encrypt(SubjectDataKey key, in EncryptionContext context, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(key);
        context.Validate();
        var length = GetCiphertextLength(key.Algorithm, plaintext.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException("The destination is too small for the ciphertext.", nameof(destination));
        }

        destination = destination[..length];
        if (plaintext.Overlaps(destination))
        {
            throw new ArgumentException("The plaintext and the destination must not overlap.", nameof(destination));
        }

        var headerLength = CiphertextFormat.HeaderLength(key.Algorithm);
        CiphertextFormat.WriteFixedHeader(destination, key.Algorithm, key.DataKeyId);
        var nonce = destination[CiphertextFormat.FixedHeaderLength..headerLength];
        if (_fixedNonce is null)
        {
            NonceSource.Fill(nonce);
        }
        else
        {
            _fixedNonce.AsSpan(0, nonce.Length).CopyTo(nonce);
        }

        var maxAd = AssociatedData.GetMaxLength(headerLength, context);
        byte[]? rented = null;
        var ad = maxAd <= StackAssociatedData ? stackalloc byte[StackAssociatedData] : (rented = ArrayPool<byte>.Shared.Rent(maxAd));
        try
        {
            var adLength = AssociatedData.Write(destination[..headerLength], context, ad);
            key.Aead.Encrypt(key.Key, nonce, ad[..adLength], plaintext, destination[headerLength..]);
            return length;
        }
        finally
        {
            Return(rented);
        }
    }

    /// <summary>
    /// Decrypts <paramref name="ciphertext"/> into <paramref name="destination"/>. Returns the status; on anything but
    /// <see cref="DecryptionStatus.Success"/>, <paramref name="written"/> is 0 and the destination holds no plaintext.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is too small (see <see cref="GetMaxPlaintextLength"/>),
    /// overlaps the ciphertext, or the context is empty.</exception>
    public DecryptionStatus TryDecrypt(
        SubjectDataKey key, in EncryptionContext context, ReadOnlySpan<byte> ciphertext, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(key);
        context.Validate();
        written = 0;
        var status = Check(key, ciphertext, out var header);
        if (status != DecryptionStatus.Success)
        {
            return status;
        }

        var plaintextLength = ciphertext.Length - header.HeaderLength - key.Aead.TagSize;
        if (destination.Length < plaintextLength)
        {
            throw new ArgumentException("The destination is too small for the plaintext.", nameof(destination));
        }

        destination = destination[..plaintextLength];
        if (ciphertext.Overlaps(destination))
        {
            throw new ArgumentException("The ciphertext and the destination must not overlap.", nameof(destination));
        }

        var maxAd = AssociatedData.GetMaxLength(header.HeaderLength, context);
        byte[]? rented = null;
        var ad = maxAd <= StackAssociatedData ? stackalloc byte[StackAssociatedData] : (rented = ArrayPool<byte>.Shared.Rent(maxAd));
        try
        {
            var adLength = AssociatedData.Write(ciphertext[..header.HeaderLength], context, ad);
            var nonce = ciphertext[CiphertextFormat.FixedHeaderLength..header.HeaderLength];
            if (!key.Aead.Decrypt(key.Key, nonce, ad[..adLength], ciphertext[header.HeaderLength..], destination))
            {
                CryptographicOperations.ZeroMemory(destination);
                return DecryptionStatus.Invalid;
            }

            written = plaintextLength;
            return DecryptionStatus.Success;
        }
        finally
        {
            Return(rented);
        }
    }

    private static DecryptionStatus Check(SubjectDataKey key, ReadOnlySpan<byte> ciphertext, out CiphertextHeader header)
    {
        var status = CiphertextFormat.ReadHeader(ciphertext, out header);
        if (status != DecryptionStatus.Success)
        {
            return status;
        }

        if (header.DataKeyId != key.DataKeyId)
        {
            return DecryptionStatus.KeyMismatch;
        }

        // Same id, other algorithm: not this key's ciphertext, and not a shredded key either.
        return header.Algorithm == key.Algorithm ? DecryptionStatus.Success : DecryptionStatus.Invalid;
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
