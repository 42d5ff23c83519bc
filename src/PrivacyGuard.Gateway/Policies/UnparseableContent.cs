namespace PrivacyGuard.Gateway.Policies;

/// <summary>What a route with body rules does with a body it cannot rewrite.</summary>
public enum UnparseableContent
{
    /// <summary>Refuse it: 400/415 for requests, 502 for responses. Nothing unrewritten passes.</summary>
    Refuse = 0,
}
