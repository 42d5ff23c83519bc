using System.Text.Json.Nodes;

namespace PrivacyGuard.Gateway.Tests;

/// <summary>Builders for the settings the tests share: policies, route metadata, extra settings.</summary>
internal static class Scenario
{
    public const string CanaryEmail = "canary.jane@example.com";
    public const string CanaryName = "Jane Canary";
    public const string CanaryIp = "203.0.113.77";

    public static JsonObject Metadata(string policy) => new() { ["PrivacyPolicy"] = policy };

    public static JsonObject Rule(string path, string category, string treatment = "Default") =>
        new() { ["Path"] = path, ["Category"] = category, ["Treatment"] = treatment };

    /// <summary>Settings with one route to <paramref name="upstream"/> under policy <c>p</c>, defined by <paramref name="policy"/>.</summary>
    public static JsonObject Settings(Uri upstream, JsonObject policy, string path = "/api/{**rest}") =>
        GatewayHost.Settings(upstream, new JsonObject { ["p"] = policy }, Metadata("p"), path);

    /// <summary>Sets <paramref name="value"/> at the colon-separated <paramref name="key"/> under <c>PrivacyGuard</c>.</summary>
    public static JsonObject With(this JsonObject settings, string key, JsonNode value)
    {
        var node = settings["PrivacyGuard"]!.AsObject();
        var parts = key.Split(':');
        foreach (var part in parts[..^1])
        {
            node = (node[part] ??= new JsonObject()).AsObject();
        }

        node[parts[^1]] = value;
        return settings;
    }
}

/// <summary>Adds routes and clusters to gateway settings.</summary>
internal static class RouteSettings
{
    /// <summary>Adds route <paramref name="routeId"/> matching <paramref name="path"/> to a cluster of its own at <paramref name="destination"/>.</summary>
    public static JsonObject WithRoute(this JsonObject settings, string routeId, string path, Uri destination, string? policy)
    {
        var proxy = settings["ReverseProxy"]!.AsObject();
        var route = new JsonObject { ["ClusterId"] = routeId, ["Match"] = new JsonObject { ["Path"] = path } };
        if (policy is not null)
        {
            route["Metadata"] = Scenario.Metadata(policy);
        }

        proxy["Routes"]![routeId] = route;
        proxy["Clusters"]![routeId] = new JsonObject
        {
            ["Destinations"] = new JsonObject { ["d1"] = new JsonObject { ["Address"] = destination.ToString() } },
        };
        return settings;
    }

    /// <summary>Adds (or replaces) policy <paramref name="name"/>.</summary>
    public static JsonObject WithPolicy(this JsonObject settings, string name, JsonObject policy)
    {
        settings["PrivacyGuard"]!["Policies"]![name] = policy;
        return settings;
    }
}
