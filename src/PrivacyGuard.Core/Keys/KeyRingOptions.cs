namespace PrivacyGuard.Keys;

/// <summary>
/// Where root keys come from: inline in configuration (<see cref="Keys"/>, id → base64 secret), from a
/// JSON key file (<see cref="KeyFile"/>), or both. Bound from <c>PrivacyGuard:KeyRing</c>.
/// </summary>
/// <example>
/// <code>
/// "PrivacyGuard": { "KeyRing": { "CurrentKeyId": "k1", "Keys": { "k1": "base64 of 32+ random bytes" } } }
/// </code>
/// A key file holds <c>{ "currentKeyId": "k1", "keys": { "k1": "..." } }</c>; make one with <c>keys new</c>.
/// </example>
public sealed class KeyRingOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "PrivacyGuard:KeyRing";

    /// <summary>Id of the key used for new tokens and new wrapped keys. May come from the key file instead.</summary>
    public string? CurrentKeyId { get; set; }

    /// <summary>Root secrets by id, each base64 of at least 32 random bytes.</summary>
    public IDictionary<string, string> Keys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Path of a JSON key file with <c>currentKeyId</c> and <c>keys</c>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// Ids of root keys that are retired: data keys they wrapped are refused with a clear error instead of being
    /// unwrapped. Retire a key only after a rotation has re-wrapped everything under the current one.
    /// </summary>
    public IList<string> RetiredKeyIds { get; } = new List<string>();
}
