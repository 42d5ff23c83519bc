using System.Runtime.CompilerServices;

namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// The mode-specific step of <see cref="IpAddressPseudonymizer"/>: takes a parsed 16-byte address (IPv4 in
/// bytes 0-3) and writes the text or binary result. Holds only the key material its mode needs.
/// </summary>
[SkipLocalsInit]
internal sealed class IpAddressTransform : IDisposable
{
    /// <summary>Chars a caller's buffer for <see cref="WriteText"/> must hold.</summary>
    public const int TextBufferLength = 64;

    private readonly IpPseudonymizationMode _mode;
    private readonly int _ipv4Prefix;
    private readonly int _ipv6Prefix;
    private readonly string _keyId;
    private readonly KeyedHash? _hash;
    private readonly CryptoPan? _cryptoPan;

    public IpAddressTransform(
        string keyId, ReadOnlySpan<byte> tokenKey, ReadOnlySpan<byte> prefixPreservingKey, IpPseudonymizerOptions options, bool forcePortableAes)
    {
        _mode = options.Mode;
        _ipv4Prefix = options.IPv4PrefixLength;
        _ipv6Prefix = options.IPv6PrefixLength;
        _keyId = keyId;
        if (_mode == IpPseudonymizationMode.Token)
        {
            _hash = new KeyedHash(tokenKey);
        }
        else if (_mode == IpPseudonymizationMode.PrefixPreserving)
        {
            _cryptoPan = new CryptoPan(prefixPreservingKey, forcePortableAes);
        }

        MaxTextLength = _mode == IpPseudonymizationMode.Token ? PseudonymToken.GetLength(keyId) : IpAddressFormatter.MaxIPv6Length;
    }

    /// <summary>Upper bound of the characters <see cref="WriteText"/> writes.</summary>
    public int MaxTextLength { get; }

    /// <summary>True when prefix-preserving mode runs on AES-NI.</summary>
    public bool UsesAesNi => _cryptoPan?.UsesAesNi ?? false;

    /// <summary>Writes the text result; <paramref name="address"/> is overwritten.</summary>
    public int WriteText(Span<byte> address, bool isIPv4, Span<char> destination)
    {
        if (_mode == IpPseudonymizationMode.Token)
        {
            Span<byte> hash = stackalloc byte[KeyedHash.OutputSize];
            ComputeHash(address, isIPv4, hash);
            return PseudonymToken.Write(_keyId, hash, destination);
        }

        Transform(address, isIPv4);
        return isIPv4 ? IpAddressFormatter.FormatIPv4(address, destination) : IpAddressFormatter.FormatIPv6(address, destination);
    }

    /// <summary>
    /// Writes the binary result (4 bytes for IPv4, 16 for IPv6; in token mode the 16-byte <c>fd00::/8</c>
    /// address made of <c>fd</c> and the first 15 bytes of the keyed hash); <paramref name="address"/> is overwritten.
    /// </summary>
    public int WriteBytes(Span<byte> address, bool isIPv4, Span<byte> destination)
    {
        if (_mode == IpPseudonymizationMode.Token)
        {
            Span<byte> hash = stackalloc byte[KeyedHash.OutputSize];
            ComputeHash(address, isIPv4, hash);
            destination[0] = 0xfd;
            hash[..15].CopyTo(destination[1..]);
            return 16;
        }

        Transform(address, isIPv4);
        var length = isIPv4 ? 4 : 16;
        address[..length].CopyTo(destination);
        return length;
    }

    public void Dispose()
    {
        _hash?.Dispose();
        _cryptoPan?.Dispose();
    }

    public override string ToString() => $"IpAddressTransform({_mode}, keys hidden)";

    private void Transform(Span<byte> address, bool isIPv4)
    {
        if (_mode == IpPseudonymizationMode.Truncate)
        {
            IpPrefixMask.Apply(address, isIPv4 ? _ipv4Prefix : _ipv6Prefix);
        }
        else
        {
            _cryptoPan!.Anonymize(address, isIPv4 ? 32 : 128);
        }
    }

    /// <summary>Hashes the 16-byte form; IPv4 as <c>::ffff:a.b.c.d</c>, so both spellings give one token.</summary>
    private void ComputeHash(ReadOnlySpan<byte> address, bool isIPv4, Span<byte> hash)
    {
        Span<byte> input = stackalloc byte[16];
        if (isIPv4)
        {
            input[..10].Clear();
            input[10] = 0xff;
            input[11] = 0xff;
            address[..4].CopyTo(input[12..]);
        }
        else
        {
            address[..16].CopyTo(input);
        }

        _hash!.Compute(input, hash);
    }
}
