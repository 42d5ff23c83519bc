namespace PrivacyGuard;

/// <summary>The default treatment of each <see cref="PersonalDataCategory"/>.</summary>
public static class TreatmentDefaults
{
    /// <summary>
    /// Email and UserName → <see cref="Treatment.Pseudonymize"/>; IpAddress → <see cref="Treatment.Truncate"/>;
    /// Name, AccountSettings, FreeText and Other → <see cref="Treatment.Encrypt"/>.
    /// </summary>
    public static Treatment For(PersonalDataCategory category) => category switch
    {
        PersonalDataCategory.Email or PersonalDataCategory.UserName => Treatment.Pseudonymize,
        PersonalDataCategory.IpAddress => Treatment.Truncate,
        PersonalDataCategory.Name or PersonalDataCategory.AccountSettings or PersonalDataCategory.FreeText or PersonalDataCategory.Other => Treatment.Encrypt,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown personal data category."),
    };

    /// <summary>The treatment that applies: <paramref name="requested"/>, or the category default when it is <see cref="Treatment.Default"/>.</summary>
    public static Treatment Resolve(PersonalDataCategory category, Treatment requested) =>
        requested == Treatment.Default ? For(category) : requested;
}
