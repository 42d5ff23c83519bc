namespace PrivacyGuard.Samples.AccountService.Endpoints;

/// <summary>
/// One de-identified row for the vendor: ids re-keyed for the <c>VendorSharing</c> purpose (so they cannot be joined with
/// the service's own tokens or ids), the sign-up network prefix and the sign-up day. No names, no e-mail addresses.
/// </summary>
public sealed class VendorRow
{
    /// <summary>A token of the account id, keyed for vendor sharing.</summary>
    public string Customer { get; init; } = "";

    /// <summary>A token of the e-mail token, keyed for vendor sharing (stable per person, not joinable).</summary>
    public string Contact { get; init; } = "";

    /// <summary>The sign-up network prefix.</summary>
    public string? SignUpNetwork { get; init; }

    /// <summary>The sign-up day (UTC).</summary>
    public DateOnly SignedUpOn { get; init; }

    /// <summary>Whether the person is on the mailing list.</summary>
    public bool MarketingOptIn { get; init; }
}
