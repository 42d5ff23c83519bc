using PrivacyGuard.EntityFrameworkCore.Metadata;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>Chooses the pseudonymizer for a property's category and treatment; shared by saves and look-ups.</summary>
internal static class PersonalValuePseudonymizer
{
    public static string Pseudonymize(IPseudonymizerProvider pseudonymizers, PrivacyEntity entity, PrivacyProperty property, string value, ProcessingPurpose purpose) =>
        (property.Category, property.Treatment) switch
        {
            (PersonalDataCategory.Email, Treatment.Pseudonymize) => pseudonymizers.GetEmailPseudonymizer(purpose).Pseudonymize(value),
            (PersonalDataCategory.IpAddress, Treatment.Truncate) => pseudonymizers.GetIpAddressPseudonymizer(purpose, IpPseudonymizationMode.Truncate).Pseudonymize(value),
            (PersonalDataCategory.IpAddress, Treatment.PrefixPreserving) => pseudonymizers.GetIpAddressPseudonymizer(purpose, IpPseudonymizationMode.PrefixPreserving).Pseudonymize(value),
            (PersonalDataCategory.IpAddress, Treatment.Pseudonymize) => pseudonymizers.GetIpAddressPseudonymizer(purpose, IpPseudonymizationMode.Token).Pseudonymize(value),
            (_, Treatment.Pseudonymize) => pseudonymizers.GetValuePseudonymizer(purpose).Pseudonymize(value),
            _ => throw new InvalidOperationException($"{entity.Name}.{property.Name}: treatment {property.Treatment} does not pseudonymize."),
        };

    /// <summary>
    /// True when <paramref name="value"/> is already a pseudonym of the property's kind under the current root key: an
    /// entity read back or saved before holds its token, and <c>Update(entity)</c> marks it modified again, so it must
    /// not become a token of a token. Truncated addresses truncate to themselves; prefix-preserving ones cannot be told.
    /// </summary>
    public static bool IsPseudonym(IPseudonymizerProvider pseudonymizers, PrivacyProperty property, string value, ProcessingPurpose purpose) =>
        (property.Category, property.Treatment) switch
        {
            (PersonalDataCategory.Email, Treatment.Pseudonymize) => pseudonymizers.GetEmailPseudonymizer(purpose).IsPseudonym(value),
            (PersonalDataCategory.IpAddress, Treatment.Pseudonymize) => pseudonymizers.GetIpAddressPseudonymizer(purpose, IpPseudonymizationMode.Token).IsPseudonym(value),
            (PersonalDataCategory.IpAddress, _) => false,
            (_, Treatment.Pseudonymize) => pseudonymizers.GetValuePseudonymizer(purpose).IsPseudonym(value),
            _ => false,
        };
}
