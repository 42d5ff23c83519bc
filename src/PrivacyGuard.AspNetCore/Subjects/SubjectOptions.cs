namespace PrivacyGuard.AspNetCore.Subjects;

/// <summary>Where the data subject of a request is found (<c>PrivacyGuard:Subject</c>).</summary>
/// <example>
/// <code>
/// "Subject": { "Source": "RouteValue", "Name": "accountId" }
/// </code>
/// </example>
public sealed class SubjectOptions
{
    /// <summary>The source; <see cref="SubjectSource.None"/> by default.</summary>
    public SubjectSource Source { get; set; }

    /// <summary>The claim type, route value name or header name; required unless <see cref="Source"/> is None.</summary>
    public string? Name { get; set; }
}
