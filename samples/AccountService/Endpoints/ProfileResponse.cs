namespace PrivacyGuard.Samples.AccountService.Endpoints;

/// <summary>
/// An account as its owner sees it: the real name and settings decrypted, the e-mail and user name as their tokens
/// (pseudonymization is one-way), the sign-up address as its prefix.
/// </summary>
public sealed class ProfileResponse
{
    /// <summary>The account id.</summary>
    public Guid Id { get; init; }

    /// <summary>The real name (plaintext).</summary>
    public string RealName { get; init; } = "";

    /// <summary>The user name's token.</summary>
    public string UserName { get; init; } = "";

    /// <summary>The e-mail's token.</summary>
    public string Email { get; init; } = "";

    /// <summary>The pseudonymized sign-up address.</summary>
    public string? SignUpIp { get; init; }

    /// <summary>The settings (plaintext).</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>Whether the account is on the mailing list.</summary>
    public bool MarketingOptIn { get; init; }

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
