namespace PrivacyGuard.AspNetCore.Purposes;

/// <summary>Endpoint metadata naming the purpose an endpoint processes personal data for.</summary>
public interface IRequiresPurposeMetadata
{
    /// <summary>The purpose.</summary>
    ProcessingPurpose Purpose { get; }
}
