namespace PrivacyGuard.Keys;

/// <summary>
/// HKDF labels that separate the keys derived from one root key. A token made for one purpose
/// (scope) is unrelated to a token for another, and neither relates to an encryption key.
/// </summary>
public static class KeyDerivationLabels
{
    /// <summary>Key of the e-mail pseudonymizer for a pseudonymization scope (by default the purpose name).</summary>
    public static string EmailToken(string scope) => "pseudonymize/email-token/" + scope;

    /// <summary>Key of the IP address token mode for a scope.</summary>
    public static string IpToken(string scope) => "pseudonymize/ip-token/" + scope;

    /// <summary>Key (AES key and pad, 32 bytes) of the prefix-preserving IP mode for a scope.</summary>
    public static string IpPrefixPreserving(string scope) => "pseudonymize/ip-prefix-preserving/" + scope;

    /// <summary>Key of generic value tokens (user names and other pseudonymized strings) for a scope.</summary>
    public static string ValueToken(string scope) => "pseudonymize/value-token/" + scope;

    /// <summary>
    /// Key (32 bytes) of the blind index of one encrypted property: <c>blind-index/{entityType}/{property}</c>, so each
    /// column's index is unrelated to every other's. Neither name may contain <c>/</c>, which keeps the label unambiguous
    /// (CLR type and property names never do).
    /// </summary>
    public static string BlindIndex(string entityType, string property)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityType);
        ArgumentException.ThrowIfNullOrEmpty(property);
        if (entityType.Contains('/', StringComparison.Ordinal) || property.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("Entity type and property names of a blind index must not contain '/'.");
        }

        return "blind-index/" + entityType + "/" + property;
    }

    /// <summary>Key-encryption key used to wrap subject data keys.</summary>
    public const string KeyEncryption = "encrypt/key-encryption";

    /// <summary>Key (32 bytes, HMAC-SHA-256) of the access log's hash chain and chain heads.</summary>
    public const string AccessLogChain = "access-log/chain";

    /// <summary>Key (32 bytes, keyed BLAKE2b) of the subject tokens in access events.</summary>
    public const string AccessLogSubjectToken = "access-log/subject-token";
}
