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
    private readonly PrivacyGuardOptions _options = options.Value;

    public EmailPseudonymizer GetEmailPseudonymizer(ProcessingPurpose purpose) =>
        _email.GetOrAdd(_options.ScopeFor(purpose), scope => new Lazy<EmailPseudonymizer>(() => CreateEmail(scope))).Value;

    public IpAddressPseudonymizer GetIpAddressPseudonymizer(ProcessingPurpose purpose) =>
        _ip.GetOrAdd(_options.ScopeFor(purpose), scope => new Lazy<IpAddressPseudonymizer>(() => CreateIp(scope))).Value;

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

    private IpAddressPseudonymizer CreateIp(string scope)
    {
        Span<byte> tokenKey = stackalloc byte[32];
        Span<byte> prefixKey = stackalloc byte[32];
        try
        {
            keyRing.Current.DeriveSubkey(KeyDerivationLabels.IpToken(scope), tokenKey);
            keyRing.Current.DeriveSubkey(KeyDerivationLabels.IpPrefixPreserving(scope), prefixKey);
            return new IpAddressPseudonymizer(keyRing.Current.Id, tokenKey, prefixKey, _options.IpAddresses);
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

        foreach (var lazy in _ip.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }
    }
}
