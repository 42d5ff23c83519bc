namespace PrivacyGuard.AspNetCore.Forwarding;

/// <summary>What one hop of a forwarding header says about the node before it.</summary>
internal enum ForwardedNodeKind
{
    /// <summary>An IP address (with or without a port).</summary>
    Address = 0,

    /// <summary><c>unknown</c>: the proxy did not know the address.</summary>
    Unknown,

    /// <summary>An obfuscated identifier such as <c>_hidden</c>.</summary>
    Obfuscated,

    /// <summary>Anything else: a syntax error, an element without <c>for</c>, a legacy IPv4 form. Never trusted.</summary>
    Invalid,
}
