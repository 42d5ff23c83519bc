namespace PrivacyGuard.AspNetCore.Subjects;

/// <summary>
/// Thrown by an <see cref="ISubjectResolver"/> when a request names more than one subject (for example the header twice).
/// The request is refused with 400 rather than checked against one of them. The message never holds an id.
/// </summary>
public sealed class AmbiguousSubjectException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public AmbiguousSubjectException()
        : base("The request names more than one data subject.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>, which must not hold personal data.</summary>
    public AmbiguousSubjectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the underlying failure.</summary>
    public AmbiguousSubjectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
