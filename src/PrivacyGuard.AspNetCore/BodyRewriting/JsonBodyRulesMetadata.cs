using PrivacyGuard.Json;

namespace PrivacyGuard.AspNetCore.BodyRewriting;

/// <summary>The <see cref="IJsonBodyRulesMetadata"/> added by <c>RewriteJson</c> and <c>PseudonymizeJson</c>.</summary>
public sealed class JsonBodyRulesMetadata : IJsonBodyRulesMetadata
{
    /// <summary>Creates metadata holding <paramref name="rules"/>.</summary>
    /// <exception cref="ArgumentException">No rules, a null rule, or a rule whose treatment resolves to <see cref="Treatment.Encrypt"/>.</exception>
    public JsonBodyRulesMetadata(IEnumerable<JsonFieldRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = [.. rules];
        if (Rules.Count == 0 || Rules.Any(r => r is null))
        {
            throw new ArgumentException("Name at least one rule, and no null rules.", nameof(rules));
        }

        // Refused here, when the endpoint is mapped, rather than on its first request.
        var encrypted = Rules.FirstOrDefault(r => TreatmentDefaults.Resolve(r.Category, r.Treatment) == Treatment.Encrypt);
        if (encrypted is not null)
        {
            throw new ArgumentException(
                $"The rule for '{encrypted.Selector.Text}' resolves to Encrypt, which JSON body rewriting does not support; use Pseudonymize, Truncate, PrefixPreserving or Redact.",
                nameof(rules));
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<JsonFieldRule> Rules { get; }

    /// <summary>
    /// Rules that pseudonymize each selector; the category is <see cref="PersonalDataCategory.Email"/> when the
    /// selector's last property name contains "email" (any case), otherwise <see cref="PersonalDataCategory.Other"/>.
    /// </summary>
    /// <exception cref="FormatException">A selector is invalid.</exception>
    public static JsonBodyRulesMetadata Pseudonymize(IEnumerable<string> selectors)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        return new JsonBodyRulesMetadata(selectors.Select(s =>
        {
            var selector = JsonSelector.Parse(s);
            var isEmail = selector.LastName?.Contains("email", StringComparison.OrdinalIgnoreCase) == true;
            return new JsonFieldRule(selector, Treatment.Pseudonymize, isEmail ? PersonalDataCategory.Email : PersonalDataCategory.Other);
        }));
    }

    /// <summary>Rules that pseudonymize each selector as <paramref name="category"/>.</summary>
    /// <exception cref="FormatException">A selector is invalid.</exception>
    public static JsonBodyRulesMetadata Pseudonymize(PersonalDataCategory category, IEnumerable<string> selectors)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        return new JsonBodyRulesMetadata(selectors.Select(s => JsonFieldRule.Pseudonymize(s, category)));
    }
}
