namespace PrivacyGuard.Samples.AccountService.Endpoints;

/// <summary>One recipient of the marketing mailing list: the account, the name to greet and the e-mail token the mail relay resolves.</summary>
public sealed class MailingListEntry
{
    /// <summary>The account id.</summary>
    public Guid AccountId { get; init; }

    /// <summary>The real name (plaintext, for the greeting).</summary>
    public string RealName { get; init; } = "";

    /// <summary>The e-mail's token.</summary>
    public string Email { get; init; } = "";
}
