using PrivacyGuard.Json;

namespace PrivacyGuard.Gateway.Policies;

/// <summary>A validated, compiled privacy policy, shared by every request on the routes that name it.</summary>
internal sealed class GatewayPolicy
{
    public GatewayPolicy(string name, PolicyOptions options, ProcessingPurpose purpose, IReadOnlyList<CompiledValueRule> headers, IReadOnlyList<CompiledValueRule> query)
    {
        Name = name;
        Options = options;
        Purpose = purpose;
        Headers = headers;
        Query = query;
    }

    /// <summary>The policy's name.</summary>
    public string Name { get; }

    /// <summary>The options it was compiled from.</summary>
    public PolicyOptions Options { get; }

    /// <summary>The purpose the route serves.</summary>
    public ProcessingPurpose Purpose { get; }

    /// <summary>Header rules.</summary>
    public IReadOnlyList<CompiledValueRule> Headers { get; }

    /// <summary>Query-string rules.</summary>
    public IReadOnlyList<CompiledValueRule> Query { get; }

    /// <summary>The rewriter of JSON request bodies, or null when the policy has no request body rules.</summary>
    public JsonRewriter? RequestBody { get; init; }

    /// <summary>The rewriter of JSON response bodies, or null when the policy has no response body rules.</summary>
    public JsonRewriter? ResponseBody { get; init; }

    /// <summary>The largest body rewritten, in bytes.</summary>
    public int MaxBodyBytes => (int)Options.MaxBodyBytes;
}
