namespace PrivacyGuard.Keys;

/// <summary>A data key that should exist cannot be used: its wrapped form fails authentication (tampered or moved to another subject). The message never holds a subject id or key material.</summary>
public sealed class DataKeyUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataKeyUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message that never holds a subject id or key material.</summary>
    public DataKeyUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that never holds a subject id or key material.</summary>
    public DataKeyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
