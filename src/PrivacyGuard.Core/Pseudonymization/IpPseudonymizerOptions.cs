namespace PrivacyGuard.Pseudonymization;

/// <summary>Settings of <see cref="IpAddressPseudonymizer"/>, bound from <c>PrivacyGuard:IpAddresses</c>.</summary>
/// <example>
/// <code>
/// "PrivacyGuard": { "IpAddresses": { "Mode": "Truncate", "IPv4PrefixLength": 24, "IPv6PrefixLength": 48 } }
/// </code>
/// </example>
public sealed class IpPseudonymizerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "PrivacyGuard:IpAddresses";

    /// <summary>How addresses are replaced. Defaults to <see cref="IpPseudonymizationMode.Truncate"/>.</summary>
    public IpPseudonymizationMode Mode { get; set; } = IpPseudonymizationMode.Truncate;

    /// <summary>IPv4 bits kept by <see cref="IpPseudonymizationMode.Truncate"/>, 0 to 32. Defaults to 24.</summary>
    public int IPv4PrefixLength { get; set; } = 24;

    /// <summary>IPv6 bits kept by <see cref="IpPseudonymizationMode.Truncate"/>, 0 to 128. Defaults to 48.</summary>
    public int IPv6PrefixLength { get; set; } = 48;

    /// <summary>What to do with input that is not an IP address. Defaults to <see cref="InvalidIpHandling.Throw"/>.</summary>
    public InvalidIpHandling InvalidInput { get; set; } = InvalidIpHandling.Throw;

    /// <summary>Lists the problems with these settings, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate(string sectionName = SectionName)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Mode))
        {
            errors.Add($"{sectionName}:Mode must be Truncate, PrefixPreserving or Token.");
        }

        if (IPv4PrefixLength is < 0 or > 32)
        {
            errors.Add($"{sectionName}:IPv4PrefixLength must be between 0 and 32.");
        }

        if (IPv6PrefixLength is < 0 or > 128)
        {
            errors.Add($"{sectionName}:IPv6PrefixLength must be between 0 and 128.");
        }

        if (!Enum.IsDefined(InvalidInput))
        {
            errors.Add($"{sectionName}:InvalidInput must be Throw or Unspecified.");
        }

        return errors;
    }
}
