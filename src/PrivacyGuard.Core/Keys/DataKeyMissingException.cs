namespace PrivacyGuard.Keys;

/// <summary>A value names a data key the privacy store does not have although the subject was never shredded: the store lost data (restored from an old backup, or pointed at the wrong database). Nothing is decrypted or guessed. The message never holds a subject id or key material.</summary>
public sealed class DataKeyMissingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataKeyMissingException()
    {
    }

    /// <summary>Creates the exception with a message that never holds a subject id or key material.</summary>
    public DataKeyMissingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that never holds a subject id or key material.</summary>
    public DataKeyMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
