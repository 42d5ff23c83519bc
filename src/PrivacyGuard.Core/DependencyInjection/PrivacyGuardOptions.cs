using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard;

/// <summary>
/// Pseudonymization settings, bound from the <c>PrivacyGuard</c> configuration section (the key ring has its
/// own <see cref="Keys.KeyRingOptions"/> under <c>PrivacyGuard:KeyRing</c>).
/// </summary>
public sealed class PrivacyGuardOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "PrivacyGuard";

    /// <summary>E-mail canonicalization, token format and invalid-input handling (<c>PrivacyGuard:Email</c>).</summary>
    public EmailPseudonymizerOptions Email { get; set; } = new();

    /// <summary>IP address treatment and prefix lengths (<c>PrivacyGuard:IpAddresses</c>).</summary>
    public IpPseudonymizerOptions IpAddresses { get; set; } = new();

    /// <summary>
    /// Pseudonymization scopes by purpose name. Tokens are keyed per scope, and a purpose's scope is its own name
    /// unless mapped here: map two purposes to one scope (<c>"Marketing": "analytics", "ProductImprovement": "analytics"</c>)
    /// only when their tokens are meant to be joined.
    /// </summary>
    public IDictionary<string, string> Scopes { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The scope tokens for <paramref name="purpose"/> are keyed by.</summary>
    public string ScopeFor(ProcessingPurpose purpose) =>
        Scopes.TryGetValue(purpose.Name, out var scope) && !string.IsNullOrWhiteSpace(scope) ? scope : purpose.Name;
}
