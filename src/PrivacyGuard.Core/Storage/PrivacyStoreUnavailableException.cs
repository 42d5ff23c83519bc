namespace PrivacyGuard.Storage;

/// <summary>
/// The privacy store (keys, restrictions, objections, access log) could not be reached: connection refused, timed
/// out or broken. PrivacyGuard fails closed on it: the operation that needed the store is refused, never answered
/// from a fallback. The message names the store and the operation only, never a connection string, a subject id or
/// key material.
/// </summary>
public sealed class PrivacyStoreUnavailableException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public PrivacyStoreUnavailableException()
        : base("The privacy store could not be reached.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>, which must hold no secret or personal data.</summary>
    public PrivacyStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the failure that caused it.</summary>
    public PrivacyStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Creates the exception for <paramref name="operation"/> (such as <c>"finding a data key"</c>) on the store
    /// <paramref name="store"/> (such as <c>"PostgreSQL"</c>).
    /// </summary>
    public PrivacyStoreUnavailableException(string store, string operation, Exception? innerException)
        : base($"The privacy store ({store}) could not be reached while {operation}. The operation was refused; nothing was read from or written to a fallback.", innerException)
    {
        Store = store;
        Operation = operation;
    }

    /// <summary>The store that could not be reached (<c>SQLite</c>, <c>PostgreSQL</c>), when known.</summary>
    public string? Store { get; }

    /// <summary>What was being done when the store could not be reached, when known.</summary>
    public string? Operation { get; }
}
