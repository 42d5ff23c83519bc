using Microsoft.AspNetCore.Builder;
using PrivacyGuard.AspNetCore.Purposes;
using PrivacyGuard.Gateway.Policies;
using Yarp.ReverseProxy.Model;

namespace PrivacyGuard.Gateway.Edge;

/// <summary>
/// Endpoint metadata giving a proxy route the purpose of its policy, so the edge middleware checks restrictions and
/// objections for it. The purpose is read from the catalog on each request (not copied when the endpoint is built), so
/// a policy-only reload that changes the purpose takes effect without the routes changing.
/// </summary>
internal sealed class PolicyPurposeMetadata : IRequiresPurposeMetadata
{
    private readonly string _policyName;
    private readonly PolicyCatalog _catalog;

    private PolicyPurposeMetadata(string policyName, PolicyCatalog catalog)
    {
        _policyName = policyName;
        _catalog = catalog;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The policy is no longer defined (validation keeps routes and policies consistent).</exception>
    public ProcessingPurpose Purpose => _catalog.TryGet(_policyName, out var policy)
        ? policy.Purpose
        : throw new InvalidOperationException("A proxy route names a privacy policy that is not defined; the request is not processed.");

    /// <summary>The endpoint convention: adds the metadata to a proxy route's endpoint when the route names a policy.</summary>
    public static void AddTo(EndpointBuilder endpoint, PolicyCatalog catalog)
    {
        var name = RoutePolicy.NameOf(endpoint.Metadata.OfType<RouteModel>().FirstOrDefault()?.Config);
        if (name is not null)
        {
            endpoint.Metadata.Add(new PolicyPurposeMetadata(name, catalog));
        }
    }
}
