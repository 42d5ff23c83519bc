namespace PrivacyGuard.Pseudonymization;

/// <summary>What <see cref="EmailPseudonymizer"/> does with a value that is not a valid e-mail address.</summary>
public enum InvalidEmailHandling
{
    /// <summary>
    /// Throw a <see cref="PseudonymizationException"/> whose message says what is wrong and never contains the value.
    /// The default: a caller that expects e-mail addresses learns early that it receives something else.
    /// </summary>
    Throw = 0,

    /// <summary>
    /// Return the token of the raw value instead (its bytes exactly as given, untrimmed, not canonicalized), with
    /// <c>@pseudonymized.invalid</c> for the formats that carry a domain. Use it where every value must be replaced
    /// and none refused, for example when pseudonymizing an existing column holding free-form data.
    /// </summary>
    TokenOfRawValue = 1,
}
