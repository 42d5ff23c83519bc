namespace PrivacyGuard.AspNetCore.Problems;

/// <summary>
/// Lets a host see which PrivacyGuard problem a request was answered with, without reading the response: when a
/// request's features hold one, <see cref="PrivacyProblemWriter"/> sets <see cref="ProblemType"/> as it writes the
/// problem. The gateway counts the edge's refusals by reason this way.
/// </summary>
public interface IPrivacyProblemFeature
{
    /// <summary>The <c>type</c> of the problem written (one of <see cref="PrivacyProblemTypes"/> or another PrivacyGuard problem type), or null.</summary>
    string? ProblemType { get; set; }
}
