namespace PrivacyGuard.Gateway.Policies;

/// <summary>The gateway's named privacy policies, bound from <c>PrivacyGuard:Policies</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section the policies bind from.</summary>
    public const string PoliciesSection = "PrivacyGuard:Policies";

    /// <summary>The YARP route metadata key that names a route's policy.</summary>
    public const string PolicyMetadataKey = "PrivacyPolicy";

    /// <summary>The policies by name (case-insensitive).</summary>
    public IDictionary<string, PolicyOptions> Policies { get; } = new Dictionary<string, PolicyOptions>(StringComparer.OrdinalIgnoreCase);
}
