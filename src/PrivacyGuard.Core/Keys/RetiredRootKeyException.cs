namespace PrivacyGuard.Keys;

/// <summary>A stored value or wrapped key was wrapped by a retired root key; rotate before retiring a key. The message names the key id only.</summary>
public sealed class RetiredRootKeyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RetiredRootKeyException()
    {
    }

    /// <summary>Creates the exception with a message that names a key id, never key material.</summary>
    public RetiredRootKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names a key id, never key material.</summary>
    public RetiredRootKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
