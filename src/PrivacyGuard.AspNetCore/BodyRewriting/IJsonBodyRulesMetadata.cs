using PrivacyGuard.Json;

namespace PrivacyGuard.AspNetCore.BodyRewriting;

/// <summary>
/// Endpoint metadata: the field rules applied to the endpoint's JSON request body before the endpoint reads it.
/// Several entries (for example a route group's and an endpoint's) apply together, in metadata order.
/// </summary>
public interface IJsonBodyRulesMetadata
{
    /// <summary>The rules, in order; the first rule that selects a value decides its treatment.</summary>
    IReadOnlyList<JsonFieldRule> Rules { get; }
}
