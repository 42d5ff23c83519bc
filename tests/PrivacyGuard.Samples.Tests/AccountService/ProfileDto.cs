namespace PrivacyGuard.Samples.Tests.AccountService;

/// <summary>The profile as a client reads it.</summary>
public sealed class ProfileDto
{
    public Guid Id { get; set; }

    public string RealName { get; set; } = "";

    public string UserName { get; set; } = "";

    public string Email { get; set; } = "";

    public string? SignUpIp { get; set; }

    public Dictionary<string, string> Settings { get; set; } = [];

    public bool MarketingOptIn { get; set; }
}
