namespace PrivacyGuard.Keys;

/// <summary>
/// The key ring could not be built. The message names the setting at fault (for example
/// <c>PrivacyGuard:KeyRing:Keys:k1</c>), never a key's value.
/// </summary>
public sealed class KeyRingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeyRingException()
    {
    }

    /// <summary>Creates the exception with a message that names a setting, not a value.</summary>
    public KeyRingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names a setting, not a value.</summary>
    public KeyRingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
