using Microsoft.AspNetCore.Http;

namespace PrivacyGuard.AspNetCore.Subjects;

/// <summary>
/// Finds the data subject a request concerns. The built-in resolvers read a claim, a route value or a header
/// (<c>PrivacyGuard:Subject</c>); register your own with <c>AddSubjectResolver&lt;T&gt;()</c>. Called once per request,
/// after routing and authentication; registered as a singleton, so it must be thread-safe.
/// </summary>
public interface ISubjectResolver
{
    /// <summary>The subject id, or null when the request names none.</summary>
    /// <exception cref="AmbiguousSubjectException">The request names more than one subject; it is refused with 400.</exception>
    ValueTask<string?> ResolveAsync(HttpContext context);
}
