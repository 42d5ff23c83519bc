namespace PrivacyGuard.Restriction;

/// <summary>Personal data was processed outside any privacy scope while <see cref="PrivacyScopeOptions.RequireScope"/> is set.</summary>
public sealed class PrivacyScopeRequiredException : InvalidOperationException
{
    /// <summary>Creates the exception with its standard message.</summary>
    public PrivacyScopeRequiredException()
        : base("Personal data was processed outside any privacy scope, and PrivacyGuard is configured to require one (RequireScope = true). "
            + "Wrap the work in privacyScope.BeginScope(purpose, actor), or let the ASP.NET Core middleware begin one per request.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public PrivacyScopeRequiredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public PrivacyScopeRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
