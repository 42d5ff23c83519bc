using System.Net;
using Microsoft.AspNetCore.Connections.Features;

namespace PrivacyGuard.AspNetCore.ClientAddress;

/// <summary>Replaces the server's connection end points so the remote one carries only the pseudonymized address.</summary>
internal sealed class PseudonymizedEndPointFeature(EndPoint? localEndPoint, EndPoint? remoteEndPoint) : IConnectionEndPointFeature
{
    public EndPoint? LocalEndPoint { get; set; } = localEndPoint;

    public EndPoint? RemoteEndPoint { get; set; } = remoteEndPoint;
}
