namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// Thrown when a value cannot be pseudonymized (for example an invalid e-mail address or IP address).
/// The message names the problem, never the value.
/// </summary>
public sealed class PseudonymizationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PseudonymizationException()
    {
    }

    /// <summary>Creates the exception with a message that must not contain the input value.</summary>
    public PseudonymizationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that must not contain the input value.</summary>
    public PseudonymizationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
