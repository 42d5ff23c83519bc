using System.Globalization;

namespace PrivacyGuard.Demo.Stack;

/// <summary>
/// The gateway's routes to the account service and their privacy policies, in the documented configuration shape
/// (<c>ReverseProxy:Routes</c>, <c>PrivacyGuard:Policies:{name}</c>, route metadata <c>PrivacyPolicy</c>).
/// </summary>
internal static class GatewaySettings
{
    public static Dictionary<string, string?> For(Uri service)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ReverseProxy:Clusters:accounts:Destinations:service:Address"] = service.ToString(),
        };

        Route(settings, "signup", "/accounts", "signup", method: "POST");
        Route(settings, "profile", "/accounts/{accountId}", "profile");
        Route(settings, "marketing", "/marketing/{**rest}", "marketing");
        Route(settings, "vendor", "/vendor/{**rest}", "vendor");

        // Sign-up and profile: e-mails in bodies are tokenized before they leave the gateway; the profile's subject is
        // its route value; referrers (which can carry personal data in their URLs) are not passed on.
        Policy(settings, "signup", "ServiceDelivery");
        Rule(settings, "signup", "RequestBody", 0, "Path", "$.email", "Email", "Pseudonymize");
        Rule(settings, "signup", "Headers", 0, "Name", "Referer", "Other", "Redact");

        Policy(settings, "profile", "ServiceDelivery");
        settings["PrivacyGuard:Policies:profile:Subject:RouteValue"] = "accountId";
        Rule(settings, "profile", "RequestBody", 0, "Path", "$.email", "Email", "Pseudonymize");
        Rule(settings, "profile", "Headers", 0, "Name", "Referer", "Other", "Redact");

        // The mailing list is processing for Marketing: objecting or restricted subjects are left out.
        Policy(settings, "marketing", "Marketing");
        Rule(settings, "marketing", "Query", 0, "Name", "email", "Email", "Pseudonymize");
        Rule(settings, "marketing", "Headers", 0, "Name", "Referer", "Other", "Redact");

        // Third-party sharing: whatever the service returns, names and e-mails never leave through this route.
        Policy(settings, "vendor", "VendorSharing");
        Rule(settings, "vendor", "ResponseBody", 0, "Path", "$..realName", "Name", "Redact");
        Rule(settings, "vendor", "ResponseBody", 1, "Path", "$..userName", "UserName", "Redact");
        Rule(settings, "vendor", "ResponseBody", 2, "Path", "$..email", "Email", "Redact");
        Rule(settings, "vendor", "Headers", 0, "Name", "Referer", "Other", "Redact");
        return settings;
    }

    private static void Route(Dictionary<string, string?> settings, string id, string path, string policy, string? method = null)
    {
        var prefix = $"ReverseProxy:Routes:{id}";
        settings[$"{prefix}:ClusterId"] = "accounts";
        settings[$"{prefix}:Match:Path"] = path;
        if (method is not null)
        {
            settings[$"{prefix}:Match:Methods:0"] = method;
        }

        settings[$"{prefix}:Metadata:PrivacyPolicy"] = policy;
    }

    private static void Policy(Dictionary<string, string?> settings, string name, string purpose) =>
        settings[$"PrivacyGuard:Policies:{name}:Purpose"] = purpose;

    private static void Rule(Dictionary<string, string?> settings, string policy, string list, int index, string selectorKey, string selector, string category, string treatment)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"PrivacyGuard:Policies:{policy}:{list}:{index}");
        settings[$"{prefix}:{selectorKey}"] = selector;
        settings[$"{prefix}:Category"] = category;
        settings[$"{prefix}:Treatment"] = treatment;
    }
}
