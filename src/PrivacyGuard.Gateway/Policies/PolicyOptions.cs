namespace PrivacyGuard.Gateway.Policies;

/// <summary>
/// A named privacy policy (<c>PrivacyGuard:Policies:{name}</c>), attached to YARP routes by the route metadata
/// <c>"PrivacyPolicy": "{name}"</c>.
/// </summary>
public sealed class PolicyOptions
{
    /// <summary>The purpose the route's processing serves (default <c>ServiceDelivery</c>); restriction and objection checks use it.</summary>
    public string Purpose { get; set; } = "ServiceDelivery";

    /// <summary>Where to find the data subject, if the route concerns one.</summary>
    public SubjectOptions Subject { get; set; } = new();

    /// <summary>Rules applied to JSON request bodies before they go upstream.</summary>
    public IList<FieldRuleOptions> RequestBody { get; } = [];

    /// <summary>Rules applied to JSON response bodies before they go back to the client.</summary>
    public IList<FieldRuleOptions> ResponseBody { get; } = [];

    /// <summary>Rules applied to request headers.</summary>
    public IList<ValueRuleOptions> Headers { get; } = [];

    /// <summary>Rules applied to query-string parameters.</summary>
    public IList<ValueRuleOptions> Query { get; } = [];

    /// <summary>The largest body (request or response) the route rewrites, in bytes; larger ones are refused (413 / 502).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>What to do with content that cannot be rewritten (refuse, the only mode).</summary>
    public UnparseableContent OnUnparseable { get; set; } = UnparseableContent.Refuse;

    /// <summary>What to do with compressed responses on a route with response rules.</summary>
    public CompressedResponses CompressedResponses { get; set; } = CompressedResponses.Rewrite;
}
