namespace PrivacyGuard.AccessLog;

/// <summary>
/// The access log could not record an event, so the operation that needed it was refused (fail closed). The message
/// names the cause without personal data.
/// </summary>
public sealed class AccessLogUnavailableException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public AccessLogUnavailableException()
        : base("The access log could not be written; the operation was refused.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AccessLogUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the underlying failure.</summary>
    public AccessLogUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
