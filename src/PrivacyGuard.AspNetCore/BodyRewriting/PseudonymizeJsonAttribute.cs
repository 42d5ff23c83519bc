using PrivacyGuard.Json;

namespace PrivacyGuard.AspNetCore.BodyRewriting;

/// <summary>
/// Pseudonymizes the selected fields of a controller action's JSON request body before model binding. The category is
/// given, or inferred as for <c>PseudonymizeJson(params string[])</c>: e-mail when the last property name contains
/// "email", otherwise other. Selectors are parsed when the endpoint's metadata is first read.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class PseudonymizeJsonAttribute : Attribute, IJsonBodyRulesMetadata
{
    /// <summary>Pseudonymizes <paramref name="selectors"/>, category inferred from each selector's last name.</summary>
    public PseudonymizeJsonAttribute(params string[] selectors)
    {
        Selectors = selectors;
        Rules = JsonBodyRulesMetadata.Pseudonymize(selectors).Rules;
    }

    /// <summary>Pseudonymizes <paramref name="selectors"/> as <paramref name="category"/>.</summary>
    public PseudonymizeJsonAttribute(PersonalDataCategory category, params string[] selectors)
    {
        Selectors = selectors;
        Rules = JsonBodyRulesMetadata.Pseudonymize(category, selectors).Rules;
    }

    /// <summary>The selectors as written.</summary>
    public IReadOnlyList<string> Selectors { get; }

    /// <inheritdoc />
    public IReadOnlyList<JsonFieldRule> Rules { get; }
}
