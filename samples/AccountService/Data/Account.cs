namespace PrivacyGuard.Samples.AccountService.Data;

/// <summary>
/// A customer account. The e-mail and user name are stored as keyed tokens, the sign-up address as its /24 or /48
/// prefix, the real name and settings encrypted under the account's own data key (the default treatments).
/// </summary>
public sealed class Account
{
    /// <summary>The account id, which is also the data subject id.</summary>
    [DataSubjectId]
    public Guid Id { get; set; }

    /// <summary>The person's real name (encrypted).</summary>
    [PersonalData(PersonalDataCategory.Name)]
    public string RealName { get; set; } = "";

    /// <summary>The chosen user name (keyed token).</summary>
    [PersonalData(PersonalDataCategory.UserName)]
    public string UserName { get; set; } = "";

    /// <summary>The e-mail address (keyed token).</summary>
    [PersonalData(PersonalDataCategory.Email)]
    public string Email { get; set; } = "";

    /// <summary>The client address at sign-up, as the PrivacyGuard middleware pseudonymized it (truncated again on save).</summary>
    [PersonalData(PersonalDataCategory.IpAddress)]
    public string? SignUpIp { get; set; }

    /// <summary>The account's settings as JSON text (encrypted).</summary>
    [PersonalData(PersonalDataCategory.AccountSettings)]
    public string Settings { get; set; } = "{}";

    /// <summary>Whether the person subscribed to the marketing mailing list.</summary>
    public bool MarketingOptIn { get; set; }

    /// <summary>When the account was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
