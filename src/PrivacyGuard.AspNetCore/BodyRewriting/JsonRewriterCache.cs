using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PrivacyGuard.Json;

namespace PrivacyGuard.AspNetCore.BodyRewriting;

/// <summary>
/// Compiled rewriters per (endpoint, purpose). Keyed weakly by endpoint, so endpoints dropped by a route reload take
/// their rewriters with them.
/// </summary>
internal sealed class JsonRewriterCache(IPseudonymizerProvider pseudonymizers, IOptions<JsonBodyRewritingOptions> options)
{
    private readonly ConditionalWeakTable<Endpoint, ConcurrentDictionary<ProcessingPurpose, JsonRewriter>> _byEndpoint = [];
    private readonly JsonRewriterOptions _options = options.Value.ToRewriterOptions();

    public JsonRewriter Get(Endpoint endpoint, IReadOnlyList<IJsonBodyRulesMetadata> metadata, ProcessingPurpose purpose)
    {
        var byPurpose = _byEndpoint.GetValue(endpoint, static _ => new ConcurrentDictionary<ProcessingPurpose, JsonRewriter>());
        return byPurpose.TryGetValue(purpose, out var rewriter)
            ? rewriter
            : byPurpose.GetOrAdd(purpose, JsonRewriter.Create(metadata.SelectMany(m => m.Rules), _options, pseudonymizers, purpose));
    }
}
