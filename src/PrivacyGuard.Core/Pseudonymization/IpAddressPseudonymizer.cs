using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using PrivacyGuard.Keys;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// Pseudonymizes IP addresses by truncation, by a keyed prefix-preserving permutation (Crypto-PAn) or by a
/// keyed token, as chosen in <see cref="IpPseudonymizerOptions"/>. Input may be an IPv4 dotted quad, IPv6,
/// <c>v4:port</c>, <c>[v6]</c> or <c>[v6]:port</c>; zone ids are dropped and IPv4-mapped IPv6 counts as IPv4,
/// so <c>::ffff:203.0.113.7</c> and <c>203.0.113.7</c> give the same result. Ambiguous legacy IPv4 forms
/// (<c>127.1</c>, <c>0x7f.0.0.1</c>, <c>010.0.0.1</c>, <c>2130706433</c>) are rejected.
/// </summary>
/// <remarks>
/// <para>The span overloads allocate nothing; the string overloads allocate only their result. Thread-safe.</para>
/// <para>
/// In <see cref="IpPseudonymizationMode.Token"/> mode the text result is <c>{keyId}_{base32}</c>, and the binary
/// and <see cref="IPAddress"/> results are a unique-local IPv6 address in <c>fd00::/8</c>: <c>fd</c> followed by
/// the first 120 bits of the same keyed hash. It is never routable and never equals a real client address.
/// </para>
/// </remarks>
[SkipLocalsInit]
public sealed class IpAddressPseudonymizer : IDisposable
{
    private const int KeySize = 32;
    private const string UnspecifiedText = "0.0.0.0";
    private const string InvalidMessage =
        "The value is not a valid IP address. Accepted forms: an IPv4 dotted quad (four decimal parts 0-255 " +
        "without leading zeros), IPv6 (optionally with a zone id), v4:port, [v6] and [v6]:port.";

    private readonly string _keyId;
    private readonly IpAddressTransform _transform;
    private readonly InvalidIpHandling _invalidInput;
    private readonly uint? _truncateIPv4Mask;
    private bool _disposed;

    /// <summary>Creates the pseudonymizer.</summary>
    /// <param name="keyId">Id of the root key the keys were derived from; prefixes tokens.</param>
    /// <param name="tokenKey">32-byte key of <see cref="IpPseudonymizationMode.Token"/> mode.</param>
    /// <param name="prefixPreservingKey">32-byte key of <see cref="IpPseudonymizationMode.PrefixPreserving"/> mode.</param>
    /// <param name="options">The settings; validated here.</param>
    /// <exception cref="ArgumentException">A key has the wrong size, the key id is invalid or a setting is out of range.</exception>
    public IpAddressPseudonymizer(string keyId, ReadOnlySpan<byte> tokenKey, ReadOnlySpan<byte> prefixPreservingKey, IpPseudonymizerOptions options)
        : this(keyId, tokenKey, prefixPreservingKey, options, forcePortableAes: false)
    {
    }

    internal IpAddressPseudonymizer(
        string keyId, ReadOnlySpan<byte> tokenKey, ReadOnlySpan<byte> prefixPreservingKey, IpPseudonymizerOptions options, bool forcePortableAes)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        if (!KeyRingLoader.IsValidKeyId(keyId))
        {
            throw new ArgumentException("A key id must be 1 to 16 characters of A-Z, a-z, 0-9 and '-'.", nameof(keyId));
        }

        if (tokenKey.Length != KeySize)
        {
            throw new ArgumentException($"The IP address token key must be {KeySize} bytes.", nameof(tokenKey));
        }

        if (prefixPreservingKey.Length != KeySize)
        {
            throw new ArgumentException($"The IP address prefix-preserving key must be {KeySize} bytes.", nameof(prefixPreservingKey));
        }

        Mode = options.Mode;
        _keyId = keyId;
        _invalidInput = options.InvalidInput;
        _truncateIPv4Mask = Mode == IpPseudonymizationMode.Truncate ? Ipv4TruncateFastPath.Mask(options.IPv4PrefixLength) : null;
        _transform = new IpAddressTransform(keyId, tokenKey, prefixPreservingKey, options, forcePortableAes);
    }

    /// <summary>How addresses are replaced.</summary>
    public IpPseudonymizationMode Mode { get; }

    /// <summary>Upper bound of the characters (or UTF-8 bytes) a text result can have; a destination this long always fits.</summary>
    public int MaxOutputLength => _transform.MaxTextLength;

    internal bool UsesAesNi => _transform.UsesAesNi;

    /// <summary>
    /// True when <paramref name="value"/> has the shape of a <see cref="IpPseudonymizationMode.Token"/> this instance
    /// writes, so it is not pseudonymized again. Always false in the other modes: a truncated address truncates to itself,
    /// and a prefix-preserving one cannot be told from an address.
    /// </summary>
    public bool IsPseudonym(ReadOnlySpan<char> value) => Mode == IpPseudonymizationMode.Token && PseudonymToken.IsToken(value, _keyId);

    /// <summary><see cref="IsPseudonym(ReadOnlySpan{char})"/> of a UTF-8 value.</summary>
    public bool IsPseudonym(ReadOnlySpan<byte> utf8Value) => Mode == IpPseudonymizationMode.Token && PseudonymToken.IsToken(utf8Value, _keyId);

    /// <summary>Pseudonymizes the address text <paramref name="address"/>.</summary>
    /// <exception cref="PseudonymizationException">The input is not an IP address and invalid input throws.</exception>
    public string Pseudonymize(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<char> buffer = stackalloc char[IpAddressTransform.TextBufferLength];
        _ = TryPseudonymize(address.AsSpan(), buffer, out var written);
        return new string(buffer[..written]);
    }

    /// <summary>Pseudonymizes <paramref name="address"/>; the scope id is dropped.</summary>
    public IPAddress Pseudonymize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> raw = stackalloc byte[16];
        _ = address.TryWriteBytes(raw, out var length);
        Span<byte> result = stackalloc byte[16];
        _ = TryPseudonymizeBytes(raw[..length], result, out var written);
        return new IPAddress(result[..written]);
    }

    /// <summary>Writes the pseudonym of the address text <paramref name="address"/> to <paramref name="destination"/>.</summary>
    /// <returns>False only when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="PseudonymizationException">The input is not an IP address and invalid input throws.</exception>
    public bool TryPseudonymize(ReadOnlySpan<char> address, Span<char> destination, out int charsWritten)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_truncateIPv4Mask is { } mask && Ipv4TruncateFastPath.TryTruncate(address, mask, destination, out charsWritten))
        {
            return true;
        }

        Span<byte> parsed = stackalloc byte[16];
        var direct = destination.Length >= IpAddressTransform.TextBufferLength;
        var text = direct ? destination : stackalloc char[IpAddressTransform.TextBufferLength];
        var length = IpAddressParser.TryParse(address, parsed, out var isIPv4)
            ? _transform.WriteText(parsed, isIPv4, text)
            : WriteInvalid(text);
        if (direct)
        {
            charsWritten = length;
            return true;
        }

        return CopyIfFits<char>(text[..length], destination, out charsWritten);
    }

    /// <summary>Writes the UTF-8 pseudonym of the UTF-8 address text <paramref name="utf8Address"/> to <paramref name="destination"/>.</summary>
    /// <returns>False only when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="PseudonymizationException">The input is not an IP address and invalid input throws.</exception>
    public bool TryPseudonymize(ReadOnlySpan<byte> utf8Address, Span<byte> destination, out int bytesWritten)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_truncateIPv4Mask is { } mask && Ipv4TruncateFastPath.TryTruncate(utf8Address, mask, destination, out bytesWritten))
        {
            return true;
        }

        Span<char> chars = stackalloc char[IpAddressParser.MaxInputLength];
        var count = 0;
        var ascii = utf8Address.Length <= chars.Length && Ascii.ToUtf16(utf8Address, chars, out count) == OperationStatus.Done;
        Span<char> text = stackalloc char[IpAddressTransform.TextBufferLength];
        _ = TryPseudonymize(ascii ? chars[..count] : [], text, out var length);
        if (length > destination.Length)
        {
            bytesWritten = 0;
            return false;
        }

        _ = Ascii.FromUtf16(text[..length], destination, out bytesWritten);
        return true;
    }

    /// <summary>
    /// Writes the pseudonym of a binary address (4 bytes, or 16 bytes in network order) to
    /// <paramref name="destination"/>: 4 bytes for IPv4 (IPv4-mapped included) and 16 for IPv6; in token mode
    /// always the 16 bytes of an <c>fd00::/8</c> address.
    /// </summary>
    /// <returns>False only when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="PseudonymizationException">The input is not 4 or 16 bytes and invalid input throws.</exception>
    public bool TryPseudonymizeBytes(ReadOnlySpan<byte> addressBytes, Span<byte> destination, out int bytesWritten)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> address = stackalloc byte[16];
        Span<byte> result = stackalloc byte[16];
        int length;
        if (IpAddressParser.TryReadBytes(addressBytes, address, out var isIPv4))
        {
            length = _transform.WriteBytes(address, isIPv4, result);
        }
        else
        {
            ThrowIfInvalidInputThrows();
            result[..4].Clear();
            length = 4;
        }

        return CopyIfFits<byte>(result[..length], destination, out bytesWritten);
    }

    /// <summary>Releases the key material.</summary>
    public void Dispose()
    {
        _disposed = true;
        _transform.Dispose();
    }

    /// <summary>Describes the pseudonymizer without its keys.</summary>
    public override string ToString() => $"IpAddressPseudonymizer(Mode={Mode}, keys hidden)";

    private static bool CopyIfFits<T>(ReadOnlySpan<T> source, Span<T> destination, out int written)
    {
        if (source.Length > destination.Length)
        {
            written = 0;
            return false;
        }

        source.CopyTo(destination);
        written = source.Length;
        return true;
    }

    private int WriteInvalid(Span<char> destination)
    {
        ThrowIfInvalidInputThrows();
        UnspecifiedText.CopyTo(destination);
        return UnspecifiedText.Length;
    }

    private void ThrowIfInvalidInputThrows()
    {
        if (_invalidInput == InvalidIpHandling.Throw)
        {
            throw new PseudonymizationException(InvalidMessage);
        }
    }
}
