using PrivacyGuard;
using PrivacyGuard.AspNetCore.Purposes;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Declares the processing purpose of endpoints.</summary>
public static class PurposeEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Declares that the endpoints built by <paramref name="builder"/> process personal data for
    /// <paramref name="purpose"/>: <c>UsePrivacyGuard()</c> checks the subject's restrictions and objections for it
    /// and begins the request's privacy scope with it.
    /// </summary>
    public static TBuilder RequiresPurpose<TBuilder>(this TBuilder builder, ProcessingPurpose purpose)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metadata = new RequiresPurposeAttribute(purpose);
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }
}
