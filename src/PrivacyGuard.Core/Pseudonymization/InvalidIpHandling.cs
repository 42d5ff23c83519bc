namespace PrivacyGuard.Pseudonymization;

/// <summary>What <see cref="IpAddressPseudonymizer"/> does with input that is not a valid IP address.</summary>
public enum InvalidIpHandling
{
    /// <summary>
    /// Throw <see cref="PseudonymizationException"/>; its message describes the accepted forms and never
    /// contains the input. This fails closed and is the default.
    /// </summary>
    Throw = 0,

    /// <summary>
    /// Write the unspecified IPv4 address (<c>0.0.0.0</c>, or four zero bytes) in every mode. The output does not
    /// depend on the input, so nothing of it leaks, and it still parses as an IP address downstream.
    /// </summary>
    Unspecified = 1,
}
