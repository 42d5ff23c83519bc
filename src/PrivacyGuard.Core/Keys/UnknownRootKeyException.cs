namespace PrivacyGuard.Keys;

/// <summary>A stored value or wrapped key names a root key the key ring does not have. The message names the key id only.</summary>
public sealed class UnknownRootKeyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnknownRootKeyException()
    {
    }

    /// <summary>Creates the exception with a message that names a key id, never key material.</summary>
    public UnknownRootKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names a key id, never key material.</summary>
    public UnknownRootKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
