using Microsoft.AspNetCore.Http;

namespace PrivacyGuard.AspNetCore.Subjects;

/// <summary>
/// The subject is a request header (set by a trusted caller). The header twice, or a value with a comma (which is how
/// HTTP joins repeated fields), is ambiguous.
/// </summary>
internal sealed class HeaderSubjectResolver(string headerName) : ISubjectResolver
{
    public ValueTask<string?> ResolveAsync(HttpContext context)
    {
        var values = context.Request.Headers[headerName];
        if (values.Count > 1 || (values.Count == 1 && values[0]?.Contains(',', StringComparison.Ordinal) == true))
        {
            throw new AmbiguousSubjectException("The subject header appears more than once.");
        }

        var subject = values.Count == 1 ? values[0]?.Trim() : null;
        return ValueTask.FromResult(string.IsNullOrEmpty(subject) ? null : subject);
    }
}
