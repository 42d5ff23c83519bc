using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PrivacyGuard.Keys;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard;

internal sealed class PseudonymizerProvider(KeyRing keyRing, IOptions<PrivacyGuardOptions> options) : IPseudonymizerProvider, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<EmailPseudonymizer>> _email = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<IpAddressPseudonymizer>> _ip = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Scope, IpPseudonymizationMode Mode), Lazy<IpAddressPseudonymizer>> _ipByMode = new();
    private readonly ConcurrentDictionary<string, Lazy<ValuePseudonymizer>> _value = new(StringComparer.OrdinalIgnoreCase);
    private readonly PrivacyGuardOptions _options = options.Value;

    public EmailPseudonymizer GetEmailPseudonymizer(ProcessingPurpose purpose) =>
        _email.GetOrAdd(_options.ScopeFor(purpose), scope => new Lazy<EmailPseudonymizer>(() => CreateEmail(scope))).Value;

    public IpAddressPseudonymizer GetIpAddressPseudonymizer(ProcessingPurpose purpose) =>
        _ip.GetOrAdd(_options.ScopeFor(purpose), scope => new Lazy<IpAddressPseudonymizer>(() => CreateIp(scope))).Value;

    public IpAddressPseudonymizer GetIpAddressPseudonymizer(ProcessingPurpose purpose, IpPseudonymizationMode mode) =>
        mode == _options.IpAddresses.Mode
            ? GetIpAddressPseudonymizer(purpose)
            : _ipByMode.GetOrAdd((_options.ScopeFor(purpose).ToUpperInvariant(), mode), key => new Lazy<IpAddressPseudonymizer>(() => CreateIp(_options.ScopeFor(purpose), key.Mode))).Value;

    public ValuePseudonymizer GetValuePseudonymizer(ProcessingPurpose purpose) =>
        _value.GetOrAdd(_options.ScopeFor(purpose), scope => new Lazy<ValuePseudonymizer>(() => CreateValue(scope))).Value;

    private ValuePseudonymizer CreateValue(string scope)
    {
        Span<byte> key = stackalloc byte[32];
        try
        {
            keyRing.Current.DeriveSubkey(KeyDerivationLabels.ValueToken(scope), key);
            return new ValuePseudonymizer(keyRing.Current.Id, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private EmailPseudonymizer CreateEmail(string scope)
    {
        Span<byte> key = stackalloc byte[32];
        try
        {
            keyRing.Current.DeriveSubkey(KeyDerivationLabels.EmailToken(scope), key);
            return new EmailPseudonymizer(keyRing.Current.Id, key, _options.Email);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private IpAddressPseudonymizer CreateIp(string scope) => CreateIp(scope, _options.IpAddresses.Mode);

    private IpAddressPseudonymizer CreateIp(string scope, IpPseudonymizationMode mode)
    {
        var configured = _options.IpAddresses;
        var options = new IpPseudonymizerOptions
        {
            Mode = mode,
            IPv4PrefixLength = configured.IPv4PrefixLength,
            IPv6PrefixLength = configured.IPv6PrefixLength,
            InvalidInput = configured.InvalidInput,
        };

        Span<byte> tokenKey = stackalloc byte[32];
        Span<byte> prefixKey = stackalloc byte[32];
        try
        {
            keyRing.Current.DeriveSubkey(KeyDerivationLabels.IpToken(scope), tokenKey);
            keyRing.Current.DeriveSubkey(KeyDerivationLabels.IpPrefixPreserving(scope), prefixKey);
            return new IpAddressPseudonymizer(keyRing.Current.Id, tokenKey, prefixKey, options);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(tokenKey);
            CryptographicOperations.ZeroMemory(prefixKey);
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _email.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }

        foreach (var lazy in _ip.Values.Concat(_ipByMode.Values).Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }

        foreach (var lazy in _value.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }
    }
}
