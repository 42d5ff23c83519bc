using Microsoft.AspNetCore.Http;

namespace PrivacyGuard.AspNetCore.Subjects;

/// <summary>The subject is the authenticated user's claim of one type; two different values of it are ambiguous.</summary>
internal sealed class ClaimSubjectResolver(string claimType) : ISubjectResolver
{
    public ValueTask<string?> ResolveAsync(HttpContext context)
    {
        string? subject = null;
        foreach (var claim in context.User.FindAll(claimType))
        {
            if (subject is not null && !string.Equals(subject, claim.Value, StringComparison.Ordinal))
            {
                throw new AmbiguousSubjectException("The user has more than one subject claim.");
            }

            subject = claim.Value;
        }

        return ValueTask.FromResult(string.IsNullOrEmpty(subject) ? null : subject);
    }
}
