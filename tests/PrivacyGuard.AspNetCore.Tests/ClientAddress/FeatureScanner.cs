using System.Collections;
using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace PrivacyGuard.AspNetCore.Tests.ClientAddress;

/// <summary>Looks for an address everywhere a request exposes state: Items, every feature's public properties, request headers.</summary>
internal static class FeatureScanner
{
    public static List<string> FindAddress(HttpContext context, IPAddress address)
    {
        var text = address.ToString();
        var found = new List<string>();
        foreach (var (key, value) in context.Items)
        {
            if (Holds(value, address, text))
            {
                found.Add($"Items[{key}]");
            }
        }

        var features = context.Features.Select(f => (f.Key.Name, f.Value)).ToList();
        features.Add((nameof(IConnectionEndPointFeature) + " (Get)", context.Features.Get<IConnectionEndPointFeature>()!));
        foreach (var (name, feature) in features)
        {
            if (feature is null)
            {
                continue;
            }

            foreach (var property in feature.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0 || !property.CanRead || property.Name.StartsWith("Local", StringComparison.Ordinal))
                {
                    continue;
                }

                object? value;
                try
                {
                    value = property.GetValue(feature);
                }
                catch (TargetInvocationException)
                {
                    continue;
                }

                if (Holds(value, address, text))
                {
                    found.Add($"{name}.{property.Name}");
                }
            }
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (values.Any(v => v?.Contains(text, StringComparison.OrdinalIgnoreCase) == true))
            {
                found.Add($"header {name}");
            }
        }

        return found;
    }

    private static bool Holds(object? value, IPAddress address, string text) => value switch
    {
        null => false,
        IPAddress ip => ip.Equals(address) || (ip.IsIPv4MappedToIPv6 && ip.MapToIPv4().Equals(address)),
        IPEndPoint endPoint => Holds(endPoint.Address, address, text),
        string s => s.Contains(text, StringComparison.OrdinalIgnoreCase),
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.Any(p => Holds(p.Value, address, text)),
        IEnumerable sequence and not string => sequence.Cast<object?>().Take(1000).Any(v => Holds(v, address, text)),
        _ => value.ToString()?.Contains(text, StringComparison.OrdinalIgnoreCase) == true,
    };
}
