namespace PrivacyGuard.Samples.Tests.AccountService;

/// <summary>A mailing-list entry as a client reads it.</summary>
public sealed class MailingListDto
{
    public Guid AccountId { get; set; }

    public string RealName { get; set; } = "";

    public string Email { get; set; } = "";
}
