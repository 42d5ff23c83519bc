namespace PrivacyGuard.Pseudonymization;

/// <summary>
/// What <see cref="EmailPseudonymizer"/> writes in place of an e-mail address. Every format is plain ASCII.
/// </summary>
public enum EmailTokenFormat
{
    /// <summary>
    /// The token followed by <c>@pseudonymized.invalid</c> (<see cref="EmailPseudonymizer.PseudonymizedDomain"/>), for
    /// example <c>k1_7q2lq3m4dbx5lcu6p4r2g3zkse@pseudonymized.invalid</c>: a well-formed address, so downstream
    /// validators accept it, on a reserved domain (RFC 2606) that can never receive mail. The default.
    /// </summary>
    TokenAtPseudonymizedDomain = 0,

    /// <summary>The token alone, for example <c>k1_7q2lq3m4dbx5lcu6p4r2g3zkse</c>.</summary>
    TokenOnly = 1,

    /// <summary>
    /// The token followed by <c>@</c> and the canonical ASCII domain of the input, for example
    /// <c>k1_7q2lq3m4dbx5lcu6p4r2g3zkse@example.com</c>, so analytics can still count by domain. The domain is not
    /// pseudonymized: choose this only where revealing it is acceptable.
    /// </summary>
    TokenAtOriginalDomain = 2,
}
