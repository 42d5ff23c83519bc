namespace PrivacyGuard.AspNetCore.ClientAddress;

/// <summary>The mutable <see cref="IPrivacyGuardRequestFeature"/> the middleware fills in as the request goes through.</summary>
internal sealed class PrivacyGuardRequestFeature : IPrivacyGuardRequestFeature
{
    public string? ClientAddress { get; set; }

    public ProcessingPurpose? Purpose { get; set; }

    public string? Actor { get; set; }

    public string? SubjectToken { get; set; }
}
