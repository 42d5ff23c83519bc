namespace PrivacyGuard.Samples.AccountService.Endpoints;

/// <summary>The body of <c>PUT /accounts/{accountId}</c>: the fields given are changed, the others kept.</summary>
public sealed class UpdateProfileRequest
{
    /// <summary>A new real name.</summary>
    public string? RealName { get; init; }

    /// <summary>A new e-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>New account settings (replacing the old ones).</summary>
    public Dictionary<string, string>? Settings { get; init; }

    /// <summary>A new mailing-list choice.</summary>
    public bool? MarketingOptIn { get; init; }
}
