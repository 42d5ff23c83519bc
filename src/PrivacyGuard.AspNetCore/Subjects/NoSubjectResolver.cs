using Microsoft.AspNetCore.Http;

namespace PrivacyGuard.AspNetCore.Subjects;

/// <summary>No subject source is configured: requests name no subject.</summary>
internal sealed class NoSubjectResolver : ISubjectResolver
{
    public ValueTask<string?> ResolveAsync(HttpContext context) => ValueTask.FromResult<string?>(null);
}
