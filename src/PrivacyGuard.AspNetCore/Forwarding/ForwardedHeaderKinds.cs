namespace PrivacyGuard.AspNetCore.Forwarding;

/// <summary>
/// The forwarding headers honoured from trusted proxies. When several enabled ones are present, the first in this order
/// wins, so enable only those your proxies write.
/// </summary>
[Flags]
public enum ForwardedHeaderKinds
{
    /// <summary>None: the connection's peer is the client.</summary>
    None = 0,

    /// <summary><c>Forwarded</c> (RFC 7239), its <c>for</c> parameter.</summary>
    Forwarded = 1,

    /// <summary><c>X-Forwarded-For</c>.</summary>
    XForwardedFor = 2,

    /// <summary><c>X-Real-IP</c> (one address).</summary>
    XRealIp = 4,

    /// <summary>All three.</summary>
    All = Forwarded | XForwardedFor | XRealIp,
}
