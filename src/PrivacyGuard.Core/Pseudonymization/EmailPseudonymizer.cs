using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using PrivacyGuard.Keys;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// Replaces an e-mail address with a deterministic keyed token: the same mailbox and key always give the same token,
/// so joins and counts still work, and without the key the token reveals nothing about the address.
/// </summary>
/// <remarks>
/// <para>
/// The address is first brought to one canonical form (trimmed, domain lower-cased and IDNA-converted, local part
/// optionally lower-cased and stripped of its <c>+tag</c>; see <see cref="EmailPseudonymizerOptions"/>), so
/// <c>" Jane@Example.COM "</c> and <c>jane@example.com</c> get one token. The token is
/// <c>{keyId}_{base32(keyed BLAKE2b-128 of the canonical UTF-8 bytes)}</c>, for example
/// <c>k1_7q2lq3m4dbx5lcu6p4r2g3zkse</c>. It carries the key id so keys can rotate; the hash depends on the key bytes only.
/// </para>
/// <para>
/// Why keyed BLAKE2b (libsodium via NSec, 256-bit key, 128-bit output) rather than HMAC-SHA-256: measured on the
/// project's build machine, it costs about 0.3 µs for a short address, against about 1.5 µs for
/// <c>HMACSHA256.HashData</c> and 0.6 µs for a reused HMAC instance, and as a keyed PRF it is as strong as HMAC-SHA-256
/// truncated to 128 bits. 128 bits keep accidental collisions negligible for any realistic number of addresses.
/// </para>
/// <para>
/// Invalid values throw <see cref="PseudonymizationException"/> (the message never contains the value) or, with
/// <see cref="InvalidEmailHandling.TokenOfRawValue"/>, get the token of their raw bytes. A string holding an unpaired
/// surrogate has no UTF-8 form; its raw bytes are then its WTF-8 form (UTF-8 extended to encode the lone code unit as
/// three bytes), chosen over throwing because that option promises a token for every value, and over hashing UTF-16
/// bytes because WTF-8 stays one-to-one with the UTF-8 of all other values and equals the bytes the UTF-8 overload hashes.
/// </para>
/// <para>
/// Output is always ASCII and at most <see cref="MaxOutputLength"/> characters (bytes for the UTF-8 overload). The span
/// overloads allocate nothing for ASCII addresses; <see cref="Pseudonymize(string)"/> allocates only its result.
/// Thread-safe; dispose to release the key.
/// </para>
/// </remarks>
[SkipLocalsInit]
public sealed class EmailPseudonymizer : IDisposable
{
    /// <summary>The domain of <see cref="EmailTokenFormat.TokenAtPseudonymizedDomain"/> (reserved by RFC 2606, never routable).</summary>
    public const string PseudonymizedDomain = "pseudonymized.invalid";

    private static ReadOnlySpan<byte> PseudonymizedDomainUtf8 => "pseudonymized.invalid"u8;

    /// <summary>
    /// Upper bound of the output length, in characters or UTF-8 bytes, for any key id, format and input: a token of at
    /// most 16 + 1 + 26 characters, '@', and a domain of at most 253 characters.
    /// </summary>
    public const int MaxOutputLength = 16 + 1 + 26 + 1 + EmailCanonicalizer.MaxDomainLength;

    private const int StackRawBytes = 1024;

    // IndexOfAnyInRange allocates on .NET 10 for this range; a SearchValues set does not.
    private static readonly SearchValues<byte> AsciiControlBytes = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);
    private const int MaxRawChars = 256 * 1024 * 1024;
    private readonly string _keyId;
    private readonly KeyedHash _hash;
    private readonly bool _foldLocalPartCase;
    private readonly bool _removePlusTag;
    private readonly bool _tokenOfRawValue;

    /// <summary>Creates a pseudonymizer for one key.</summary>
    /// <param name="keyId">The key id written before each token: 1 to 16 characters of <c>A-Z a-z 0-9 -</c>.</param>
    /// <param name="key">The 32-byte pseudonymization key (derived per scope from a root key). It is copied.</param>
    /// <param name="options">Canonicalization and output options; read once, later changes have no effect.</param>
    public EmailPseudonymizer(string keyId, ReadOnlySpan<byte> key, EmailPseudonymizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!KeyRingLoader.IsValidKeyId(keyId))
        {
            throw new ArgumentException("A key id must be 1 to 16 characters of A-Z, a-z, 0-9 and '-'.", nameof(keyId));
        }

        if (!Enum.IsDefined(options.Format))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Format, "Unknown e-mail token format.");
        }

        if (!Enum.IsDefined(options.InvalidInput))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.InvalidInput, "Unknown invalid e-mail handling.");
        }

        _keyId = keyId;
        _foldLocalPartCase = options.FoldLocalPartCase;
        _removePlusTag = options.RemovePlusTag;
        _tokenOfRawValue = options.InvalidInput == InvalidEmailHandling.TokenOfRawValue;
        Format = options.Format;
        _hash = new KeyedHash(key);
    }

    /// <summary>The output format.</summary>
    public EmailTokenFormat Format { get; }

    /// <summary>Whether the ASCII fast paths run; tests turn them off to compare them with the general path.</summary>
    internal bool FastPaths { get; init; } = true;

    /// <summary>
    /// True when <paramref name="value"/> has the shape of a pseudonym this instance writes: a token of its key id,
    /// then, per <see cref="Format"/>, <c>@pseudonymized.invalid</c>, nothing, or <c>@</c> and a domain. So a value that
    /// is already a pseudonym is not pseudonymized again.
    /// </summary>
    public bool IsPseudonym(ReadOnlySpan<char> value)
    {
        // Pseudonyms are ASCII and at most MaxOutputLength long; anything else is not one.
        Span<byte> ascii = stackalloc byte[MaxOutputLength];
        return value.Length <= MaxOutputLength
            && Ascii.FromUtf16(value, ascii, out var written) == OperationStatus.Done
            && IsPseudonym(ascii[..written]);
    }

    /// <summary><see cref="IsPseudonym(ReadOnlySpan{char})"/> of a UTF-8 value (the rewriter's path).</summary>
    public bool IsPseudonym(ReadOnlySpan<byte> utf8Value)
    {
        var at = utf8Value.IndexOf((byte)'@');
        var token = at < 0 ? utf8Value : utf8Value[..at];
        if (!PseudonymToken.IsToken(token, _keyId))
        {
            return false;
        }

        return Format switch
        {
            EmailTokenFormat.TokenOnly => at < 0,
            EmailTokenFormat.TokenAtPseudonymizedDomain => at >= 0 && utf8Value[(at + 1)..].SequenceEqual(PseudonymizedDomainUtf8),
            _ => at >= 0 && at < utf8Value.Length - 1 && utf8Value[(at + 1)..].IndexOf((byte)'@') < 0,
        };
    }

    /// <summary>Returns the pseudonym of <paramref name="email"/>.</summary>
    /// <exception cref="PseudonymizationException">The value is not a valid address and invalid input throws.</exception>
    public string Pseudonymize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        Span<char> output = stackalloc char[MaxOutputLength];
        return new string(output[..Write(email, output)]);
    }

    /// <summary>Writes the pseudonym of <paramref name="email"/>; false only when <paramref name="destination"/> is too small.</summary>
    /// <exception cref="PseudonymizationException">The value is not a valid address and invalid input throws.</exception>
    public bool TryPseudonymize(ReadOnlySpan<char> email, Span<char> destination, out int charsWritten)
    {
        Span<char> output = destination.Length >= MaxOutputLength ? destination : stackalloc char[MaxOutputLength];
        var length = Write(email, output);
        return Deliver(output[..length], destination, out charsWritten);
    }

    /// <summary>
    /// Writes the pseudonym of the UTF-8 address <paramref name="utf8Email"/> as UTF-8 (ASCII); false only when
    /// <paramref name="destination"/> is too small. Invalid UTF-8 is an invalid address.
    /// </summary>
    /// <exception cref="PseudonymizationException">The value is not a valid address and invalid input throws.</exception>
    public bool TryPseudonymize(ReadOnlySpan<byte> utf8Email, Span<byte> destination, out int bytesWritten) =>
        TryPseudonymize(utf8Email, destination, deferred: null, out bytesWritten, out _);

    /// <summary>
    /// <see cref="TryPseudonymize(ReadOnlySpan{byte}, Span{byte}, out int)"/> that may leave the hash to
    /// <paramref name="deferred"/>: then <paramref name="hashAt"/> is where, in the token written to
    /// <paramref name="destination"/>, the hash characters go (a placeholder until the caller completes
    /// <paramref name="deferred"/>); otherwise it is -1 and the token is whole.
    /// </summary>
    internal bool TryPseudonymize(ReadOnlySpan<byte> utf8Email, Span<byte> destination, DeferredHashes? deferred, out int bytesWritten, out int hashAt)
    {
        hashAt = -1;
        if (FastPaths && TryWriteAscii(utf8Email, destination, deferred, out bytesWritten, out var fits, out hashAt))
        {
            return fits;
        }

        Span<char> canonical = stackalloc char[EmailCanonicalizer.MaxCanonicalLength];
        Span<char> output = stackalloc char[MaxOutputLength];
        var problem = EmailCanonicalizer.Canonicalize(utf8Email, _foldLocalPartCase, _removePlusTag, canonical, out var length, out var domainStart);
        var written = problem == EmailProblem.None
            ? WriteCanonical(canonical[..length], domainStart, output)
            : WriteRawBytes(utf8Email, problem, output);
        bytesWritten = 0;
        return written <= destination.Length && Ascii.FromUtf16(output[..written], destination, out bytesWritten) == OperationStatus.Done;
    }

    /// <summary>Releases the key.</summary>
    public void Dispose() => _hash.Dispose();

    /// <summary>Describes the pseudonymizer by key id and format; never shows key material.</summary>
    public override string ToString() => $"EmailPseudonymizer(key id {_keyId}, {Format}, key hidden)";

    private static bool Deliver(ReadOnlySpan<char> output, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        if (!output.TryCopyTo(destination))
        {
            return false;
        }

        charsWritten = output.Length;
        return true;
    }

    private int Write(ReadOnlySpan<char> email, Span<char> output)
    {
        if (FastPaths && TryWriteAscii(email, output, out var written))
        {
            return written;
        }

        Span<char> canonical = stackalloc char[EmailCanonicalizer.MaxCanonicalLength];
        var problem = EmailCanonicalizer.Canonicalize(email, _foldLocalPartCase, _removePlusTag, canonical, out var length, out var domainStart);
        return problem == EmailProblem.None ? WriteCanonical(canonical[..length], domainStart, output) : WriteRawValue(email, problem, output);
    }

    /// <summary>
    /// The common case in vectorized steps: an ASCII address with nothing to trim, no control character, one '@' and
    /// no +tag to remove. Gives exactly what the general canonicalizer gives; anything else returns false and takes
    /// the general path, which also names the problem of an invalid address.
    /// </summary>
    private bool TryWriteAscii(ReadOnlySpan<char> email, Span<char> output, out int written)
    {
        written = 0;
        if (_removePlusTag || email.IsEmpty || email.Length > EmailCanonicalizer.MaxAddressLength || email[0] <= ' ' || email[^1] <= ' ')
        {
            return false;
        }

        // One vectorized pass narrows to bytes, lower-cases and proves the input is ASCII.
        Span<byte> utf8 = stackalloc byte[EmailCanonicalizer.MaxAddressLength];
        utf8 = utf8[..email.Length];
        if ((_foldLocalPartCase ? Ascii.ToLower(email, utf8, out _) : Ascii.FromUtf16(email, utf8, out _)) != OperationStatus.Done
            || utf8.ContainsAny(AsciiControlBytes))
        {
            return false;
        }

        var at = utf8.IndexOf((byte)'@');
        if (at <= 0 || at == utf8.Length - 1 || utf8[(at + 1)..].Contains((byte)'@'))
        {
            return false;
        }

        var domain = utf8[(at + 1)..];
        if (!_foldLocalPartCase)
        {
            _ = Ascii.ToLowerInPlace(domain, out _);
        }

        if (!EmailDomain.IsHostName(domain))
        {
            return false;
        }

        written = WriteToken(utf8, domain, output);
        return true;
    }

    /// <summary>
    /// The UTF-8 twin of the ASCII fast path: the same conditions, the same token, written as bytes without a detour
    /// through UTF-16. <paramref name="fits"/> is false when <paramref name="destination"/> is too small.
    /// </summary>
    private bool TryWriteAscii(ReadOnlySpan<byte> email, Span<byte> destination, DeferredHashes? deferred, out int written, out bool fits, out int hashAt)
    {
        written = 0;
        fits = false;
        hashAt = -1;
        if (_removePlusTag || email.IsEmpty || email.Length > EmailCanonicalizer.MaxAddressLength || email[0] <= ' ' || email[^1] <= ' ')
        {
            return false;
        }

        Span<byte> canonical = stackalloc byte[EmailCanonicalizer.MaxAddressLength];
        var shortAt = ShortAsciiEmail.TryCanonicalize(email, _foldLocalPartCase, canonical);
        if (shortAt == ShortAsciiEmail.NotInShape)
        {
            return false;
        }

        canonical = canonical[..email.Length];
        if (shortAt >= 0)
        {
            return WriteAsciiToken(canonical, canonical[(shortAt + 1)..], destination, deferred, out written, out fits, out hashAt);
        }

        // One vectorized pass lower-cases and proves the input is ASCII (or only proves it, when case is kept).
        if (_foldLocalPartCase ? Ascii.ToLower(email, canonical, out _) != OperationStatus.Done : !Ascii.IsValid(email))
        {
            return false;
        }

        if (!_foldLocalPartCase)
        {
            email.CopyTo(canonical);
        }

        if (canonical.ContainsAny(AsciiControlBytes))
        {
            return false;
        }

        var at = canonical.IndexOf((byte)'@');
        if (at <= 0 || at == canonical.Length - 1 || canonical[(at + 1)..].Contains((byte)'@'))
        {
            return false;
        }

        var domain = canonical[(at + 1)..];
        if (!_foldLocalPartCase)
        {
            _ = Ascii.ToLowerInPlace(domain, out _);
        }

        return EmailDomain.IsHostName(domain) && WriteAsciiToken(canonical, domain, destination, deferred, out written, out fits, out hashAt);
    }

    /// <summary>Writes the token of a canonical ASCII address whose checks passed; true (<paramref name="fits"/> says whether it fit).</summary>
    private bool WriteAsciiToken(ReadOnlySpan<byte> canonical, ReadOnlySpan<byte> domain, Span<byte> destination, DeferredHashes? deferred, out int written, out bool fits, out int hashAt)
    {
        var direct = destination.Length >= MaxOutputLength;
        var output = direct ? destination : stackalloc byte[MaxOutputLength];
        var length = WriteTokenUtf8(canonical, domain, output, deferred, out hashAt);
        fits = direct || output[..length].TryCopyTo(destination);
        written = fits ? length : 0;
        return true;
    }

    private int WriteTokenUtf8(ReadOnlySpan<byte> data, ReadOnlySpan<byte> asciiDomain, Span<byte> output, DeferredHashes? deferred, out int hashAt)
    {
        int length;
        if (deferred is not null && deferred.TryAdd(_hash, data))
        {
            length = PseudonymToken.WriteUtf8Placeholder(_keyId, output, out hashAt);
        }
        else
        {
            hashAt = -1;
            Span<byte> hash = stackalloc byte[KeyedHash.OutputSize];
            _hash.Compute(data, hash);
            length = PseudonymToken.WriteUtf8(_keyId, hash, output);
        }

        if (Format == EmailTokenFormat.TokenOnly)
        {
            return length;
        }

        output[length++] = (byte)'@';
        var suffix = Format == EmailTokenFormat.TokenAtOriginalDomain ? asciiDomain : PseudonymizedDomainUtf8;
        suffix.CopyTo(output[length..]);
        return length + suffix.Length;
    }

    private int WriteCanonical(ReadOnlySpan<char> canonical, int domainStart, Span<char> output)
    {
        Span<byte> utf8 = stackalloc byte[EmailCanonicalizer.MaxCanonicalLength * 3];
        var count = Encoding.UTF8.GetBytes(canonical, utf8);
        return WriteToken(utf8[..count], canonical[domainStart..], output);
    }

    private int WriteRawBytes(ReadOnlySpan<byte> utf8Email, EmailProblem problem, Span<char> output)
    {
        ThrowUnlessTokenOfRawValue(problem);
        return WriteToken(utf8Email, PseudonymizedDomain, output);
    }

    private int WriteRawValue(ReadOnlySpan<char> email, EmailProblem problem, Span<char> output)
    {
        ThrowUnlessTokenOfRawValue(problem);

        if (email.Length > MaxRawChars)
        {
            throw new PseudonymizationException($"The value is too large to pseudonymize: it is longer than {MaxRawChars} characters.");
        }

        var maxBytes = (int)Wtf8.GetMaxByteCount(email.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= StackRawBytes ? stackalloc byte[StackRawBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var count = Wtf8.Encode(email, buffer);
            return WriteToken(buffer[..count], PseudonymizedDomain, output);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    private void ThrowUnlessTokenOfRawValue(EmailProblem problem)
    {
        if (!_tokenOfRawValue)
        {
            throw EmailProblemMessages.ToException(problem);
        }
    }

    private int WriteToken(ReadOnlySpan<byte> data, ReadOnlySpan<byte> asciiDomain, Span<char> output)
    {
        var length = WriteTokenOnly(data, output);
        if (Format == EmailTokenFormat.TokenOnly)
        {
            return length;
        }

        output[length++] = '@';
        if (Format == EmailTokenFormat.TokenAtOriginalDomain)
        {
            _ = Ascii.ToUtf16(asciiDomain, output[length..], out var domainChars);
            return length + domainChars;
        }

        PseudonymizedDomain.CopyTo(output[length..]);
        return length + PseudonymizedDomain.Length;
    }

    private int WriteToken(ReadOnlySpan<byte> data, ReadOnlySpan<char> domain, Span<char> output)
    {
        var length = WriteTokenOnly(data, output);
        if (Format == EmailTokenFormat.TokenOnly)
        {
            return length;
        }

        var suffix = Format == EmailTokenFormat.TokenAtOriginalDomain ? domain : PseudonymizedDomain;
        output[length++] = '@';
        suffix.CopyTo(output[length..]);
        return length + suffix.Length;
    }

    private int WriteTokenOnly(ReadOnlySpan<byte> data, Span<char> output)
    {
        Span<byte> hash = stackalloc byte[KeyedHash.OutputSize];
        _hash.Compute(data, hash);
        return PseudonymToken.Write(_keyId, hash, output);
    }
}
