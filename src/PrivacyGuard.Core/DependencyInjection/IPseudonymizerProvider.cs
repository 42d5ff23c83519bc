using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard;

/// <summary>
/// Hands out the pseudonymizers for a processing purpose, keyed from the key ring's current root key and the
/// purpose's scope. Instances are created once per scope and are thread-safe.
/// </summary>
public interface IPseudonymizerProvider
{
    /// <summary>The e-mail pseudonymizer for <paramref name="purpose"/>.</summary>
    EmailPseudonymizer GetEmailPseudonymizer(ProcessingPurpose purpose);

    /// <summary>The IP address pseudonymizer for <paramref name="purpose"/>.</summary>
    IpAddressPseudonymizer GetIpAddressPseudonymizer(ProcessingPurpose purpose);

    /// <summary>
    /// The IP address pseudonymizer for <paramref name="purpose"/> in <paramref name="mode"/>, whatever mode is
    /// configured (a property classified with its own treatment); prefix lengths and invalid-input handling come from
    /// the configured options.
    /// </summary>
    IpAddressPseudonymizer GetIpAddressPseudonymizer(ProcessingPurpose purpose, IpPseudonymizationMode mode);

    /// <summary>The pseudonymizer for free-form values (user names, other identifiers) for <paramref name="purpose"/>.</summary>
    ValuePseudonymizer GetValuePseudonymizer(ProcessingPurpose purpose);
}
