namespace PrivacyGuard;

/// <summary>What kind of personal data a value is. Each category has a default <see cref="Treatment"/>.</summary>
public enum PersonalDataCategory
{
    /// <summary>Personal data that fits no other category. Default treatment: <see cref="Treatment.Encrypt"/>.</summary>
    Other = 0,

    /// <summary>A person's real name. Default: <see cref="Treatment.Encrypt"/>.</summary>
    Name,

    /// <summary>A user name or handle. Default: <see cref="Treatment.Pseudonymize"/>.</summary>
    UserName,

    /// <summary>An e-mail address. Default: <see cref="Treatment.Pseudonymize"/>.</summary>
    Email,

    /// <summary>An IP address. Default: <see cref="Treatment.Truncate"/>.</summary>
    IpAddress,

    /// <summary>Account settings and preferences. Default: <see cref="Treatment.Encrypt"/>.</summary>
    AccountSettings,

    /// <summary>Free text a person wrote, which may contain anything. Default: <see cref="Treatment.Encrypt"/>.</summary>
    FreeText,
}
