namespace PrivacyGuard.AspNetCore.Forwarding;

/// <summary>
/// Which proxies may tell the client's address in forwarding headers (<c>PrivacyGuard:ForwardedHeaders</c>). Headers
/// from any other peer are ignored and removed. With nothing configured, the connection's peer is the client.
/// </summary>
/// <example>
/// <code>
/// "ForwardedHeaders": { "KnownProxies": [ "10.0.0.5" ], "KnownNetworks": [ "10.1.0.0/16" ], "Headers": "XForwardedFor, Forwarded" }
/// </code>
/// </example>
public sealed class TrustedProxyOptions
{
    /// <summary>Proxy addresses (IPv4 or IPv6, no port); <c>::ffff:10.0.0.5</c> and <c>10.0.0.5</c> are the same proxy.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Proxy networks in CIDR form (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>), without host bits set.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>
    /// The headers honoured from trusted proxies; <see cref="ForwardedHeaderKinds.XForwardedFor"/> by default. Enable only
    /// the headers your proxies write: a header a proxy passes through unchanged is whatever the client sent, and when
    /// several are enabled the first present one wins.
    /// </summary>
    public ForwardedHeaderKinds Headers { get; set; } = ForwardedHeaderKinds.XForwardedFor;
}
