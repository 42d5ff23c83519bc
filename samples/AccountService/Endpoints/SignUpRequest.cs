namespace PrivacyGuard.Samples.AccountService.Endpoints;

/// <summary>The body of <c>POST /accounts</c>. A class, not a record: a generated <c>ToString</c> would print the values.</summary>
public sealed class SignUpRequest
{
    /// <summary>The person's real name.</summary>
    public string? RealName { get; init; }

    /// <summary>The chosen user name.</summary>
    public string? UserName { get; init; }

    /// <summary>The e-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>Free-form account settings.</summary>
    public Dictionary<string, string>? Settings { get; init; }

    /// <summary>Whether to subscribe to the marketing mailing list.</summary>
    public bool MarketingOptIn { get; init; }
}
