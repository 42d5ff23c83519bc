using PrivacyGuard;
using PrivacyGuard.AspNetCore.BodyRewriting;
using PrivacyGuard.Json;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Declares the JSON request body fields an endpoint or route group rewrites before the endpoint reads them.</summary>
public static class JsonBodyRewritingEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Pseudonymizes the fields at <paramref name="selectors"/>. The category is inferred from each selector's last
    /// property name: <see cref="PersonalDataCategory.Email"/> when it contains "email" (any case), otherwise
    /// <see cref="PersonalDataCategory.Other"/> (a keyed value token). Use the overload with a category, or
    /// <see cref="RewriteJson{TBuilder}"/>, for anything else.
    /// </summary>
    /// <exception cref="FormatException">A selector is invalid.</exception>
    public static TBuilder PseudonymizeJson<TBuilder>(this TBuilder builder, params string[] selectors)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(JsonBodyRulesMetadata.Pseudonymize(selectors));
    }

    /// <summary>Pseudonymizes the fields at <paramref name="selectors"/> as <paramref name="category"/>.</summary>
    /// <exception cref="FormatException">A selector is invalid.</exception>
    public static TBuilder PseudonymizeJson<TBuilder>(this TBuilder builder, PersonalDataCategory category, params string[] selectors)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(JsonBodyRulesMetadata.Pseudonymize(category, selectors));
    }

    /// <summary>Applies <paramref name="rules"/> to the JSON request body.</summary>
    public static TBuilder RewriteJson<TBuilder>(this TBuilder builder, params JsonFieldRule[] rules)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new JsonBodyRulesMetadata(rules));
    }
}
