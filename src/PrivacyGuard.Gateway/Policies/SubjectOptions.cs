namespace PrivacyGuard.Gateway.Policies;

/// <summary>Where a route finds the data subject a request concerns; set at most one.</summary>
public sealed class SubjectOptions
{
    /// <summary>A request header holding the subject id.</summary>
    public string? Header { get; set; }

    /// <summary>A route value (from the route's match pattern) holding the subject id.</summary>
    public string? RouteValue { get; set; }

    /// <summary>A claim of the authenticated user holding the subject id.</summary>
    public string? Claim { get; set; }
}
