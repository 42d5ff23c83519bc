using System.Net;

namespace PrivacyGuard.AspNetCore.Forwarding;

/// <summary>One hop of a forwarding header: an address (IPv4-mapped IPv6 already mapped to IPv4) or why there is none.</summary>
internal readonly record struct ForwardedNode(ForwardedNodeKind Kind, IPAddress? Address)
{
    public static ForwardedNode Unknown { get; } = new(ForwardedNodeKind.Unknown, null);

    public static ForwardedNode Obfuscated { get; } = new(ForwardedNodeKind.Obfuscated, null);

    public static ForwardedNode Invalid { get; } = new(ForwardedNodeKind.Invalid, null);

    public static ForwardedNode For(IPAddress address) =>
        new(ForwardedNodeKind.Address, address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>Describes the hop without its address.</summary>
    public override string ToString() => $"ForwardedNode({Kind})";
}
