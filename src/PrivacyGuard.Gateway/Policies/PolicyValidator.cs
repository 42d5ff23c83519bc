using PrivacyGuard.Gateway.Edge;
using PrivacyGuard.Json;

namespace PrivacyGuard.Gateway.Policies;

/// <summary>
/// Checks policies and the routes that name them. Every message names the setting (policy, rule index, route) and
/// never a configured value that could be personal data.
/// </summary>
internal static class PolicyValidator
{
    private static readonly Treatment[] ValueTreatments = [Treatment.Default, Treatment.Pseudonymize, Treatment.Truncate, Treatment.PrefixPreserving, Treatment.Redact];

    /// <summary>
    /// The problems of <paramref name="options"/>, and of <paramref name="routePolicies"/> (route id → policy name) naming
    /// unknown policies. <paramref name="bearerConfigured"/> says whether the bearer scheme a claim subject needs exists.
    /// </summary>
    public static List<string> Validate(GatewayOptions options, IReadOnlyDictionary<string, string> routePolicies, bool bearerConfigured)
    {
        var errors = new List<string>();
        foreach (var (name, policy) in options.Policies)
        {
            ValidatePolicy(name, policy, errors);
            if (!bearerConfigured && !string.IsNullOrWhiteSpace(policy.Subject.Claim))
            {
                errors.Add($"{GatewayOptions.PoliciesSection}:{name}:Subject:Claim needs bearer authentication, but no '{GatewayAuthentication.SchemeName}' scheme is configured: "
                    + $"add the {GatewayAuthentication.SectionName} section (ValidIssuer, ValidAudiences and SigningKeys, or Authority) and restart.");
            }
        }

        foreach (var (route, policy) in routePolicies)
        {
            if (!options.Policies.ContainsKey(policy))
            {
                errors.Add($"Route '{route}': metadata {GatewayOptions.PolicyMetadataKey} names policy '{policy}', which is not defined under {GatewayOptions.PoliciesSection}.");
            }
        }

        return errors;
    }

    private static void ValidatePolicy(string name, PolicyOptions policy, List<string> errors)
    {
        var prefix = $"{GatewayOptions.PoliciesSection}:{name}";
        if (!ProcessingPurpose.TryCreate(policy.Purpose, out _))
        {
            errors.Add($"{prefix}:Purpose is not a valid purpose name (1 to 64 characters of A-Z, a-z, 0-9, '-', '_', '.').");
        }

        var subjectSources = new[] { policy.Subject.Header, policy.Subject.RouteValue, policy.Subject.Claim }.Count(s => !string.IsNullOrWhiteSpace(s));
        if (subjectSources > 1)
        {
            errors.Add($"{prefix}:Subject sets more than one of Header, RouteValue and Claim; set one.");
        }

        if (policy.MaxBodyBytes is <= 0 or > int.MaxValue)
        {
            errors.Add($"{prefix}:MaxBodyBytes must be between 1 and {int.MaxValue}.");
        }

        if (!Enum.IsDefined(policy.CompressedResponses))
        {
            errors.Add($"{prefix}:CompressedResponses must be Rewrite or Refuse.");
        }

        if (!Enum.IsDefined(policy.OnUnparseable))
        {
            errors.Add($"{prefix}:OnUnparseable must be Refuse.");
        }

        ValidateFieldRules($"{prefix}:RequestBody", policy.RequestBody, errors);
        ValidateFieldRules($"{prefix}:ResponseBody", policy.ResponseBody, errors);
        ValidateValueRules($"{prefix}:Headers", policy.Headers, errors);
        ValidateValueRules($"{prefix}:Query", policy.Query, errors);
    }

    private static void ValidateFieldRules(string prefix, IList<FieldRuleOptions> rules, List<string> errors)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (!JsonSelector.TryParse(rule.Path, out _))
            {
                errors.Add($"{prefix}[{i}]:Path is not a valid selector (the JSONPath subset: $.email, $['odd name'], $.contacts[*].email, $..email).");
            }

            ValidateTreatment($"{prefix}[{i}]", rule.Category, rule.Treatment, errors);
        }
    }

    private static void ValidateValueRules(string prefix, IList<ValueRuleOptions> rules, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                errors.Add($"{prefix}[{i}]:Name is required.");
            }
            else if (!seen.Add(rule.Name))
            {
                errors.Add($"{prefix}[{i}]:Name repeats an earlier rule's name; one rule per name.");
            }

            ValidateTreatment($"{prefix}[{i}]", rule.Category, rule.Treatment, errors);
        }
    }

    private static void ValidateTreatment(string prefix, PersonalDataCategory category, Treatment treatment, List<string> errors)
    {
        if (!Enum.IsDefined(category))
        {
            errors.Add($"{prefix}:Category is not a known category.");
            return;
        }

        if (!ValueTreatments.Contains(treatment))
        {
            errors.Add($"{prefix}:Treatment {treatment} does not apply to proxied traffic; use Pseudonymize, Truncate, PrefixPreserving or Redact.");
            return;
        }

        var effective = TreatmentDefaults.Resolve(category, treatment);
        if (effective == Treatment.Encrypt)
        {
            errors.Add($"{prefix}:Treatment defaults to Encrypt for category {category}, which does not apply to proxied traffic; set Pseudonymize or Redact.");
        }
        else if (effective is Treatment.Truncate or Treatment.PrefixPreserving && category != PersonalDataCategory.IpAddress)
        {
            errors.Add($"{prefix}:Treatment {effective} applies only to category IpAddress.");
        }
    }
}
