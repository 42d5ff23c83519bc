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
}
