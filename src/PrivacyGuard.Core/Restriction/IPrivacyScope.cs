namespace PrivacyGuard.Restriction;

/// <summary>
/// The ambient purpose and actor of the processing under way, flowing with the async call (like
/// <see cref="AsyncLocal{T}"/>). The ASP.NET Core middleware begins one per request; code that processes personal data
/// for another purpose begins its own. Scopes nest: disposing one restores the enclosing one.
/// </summary>
public interface IPrivacyScope
{
    /// <summary>
    /// Starts processing for <paramref name="purpose"/> on behalf of <paramref name="actor"/> (a user or service name, for
    /// the access log) until the returned handle is disposed.
    /// </summary>
    IDisposable BeginScope(ProcessingPurpose purpose, string actor);

    /// <summary>The purpose of the innermost scope, or null outside any scope.</summary>
    ProcessingPurpose? CurrentPurpose { get; }

    /// <summary>The actor of the innermost scope, or null outside any scope.</summary>
    string? CurrentActor { get; }

    /// <summary>
    /// The purpose checks apply: the innermost scope's, or outside any scope <see cref="PrivacyScopeOptions.DefaultPurpose"/>.
    /// </summary>
    /// <exception cref="PrivacyScopeRequiredException">Outside any scope when <see cref="PrivacyScopeOptions.RequireScope"/> is set.</exception>
    ProcessingPurpose EffectivePurpose { get; }
}
