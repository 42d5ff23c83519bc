namespace PrivacyGuard.AspNetCore.Subjects;

/// <summary>Where the built-in <see cref="ISubjectResolver"/> reads the data subject's id.</summary>
public enum SubjectSource
{
    /// <summary>Requests name no subject (unless a custom resolver is registered).</summary>
    None = 0,

    /// <summary>The authenticated user's claim of type <see cref="SubjectOptions.Name"/>.</summary>
    Claim,

    /// <summary>The route value <see cref="SubjectOptions.Name"/>.</summary>
    RouteValue,

    /// <summary>The request header <see cref="SubjectOptions.Name"/> (exactly one value).</summary>
    Header,
}
