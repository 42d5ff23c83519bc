using System.Globalization;
using System.Net;
using System.Text;

namespace PrivacyGuard.AspNetCore.Tests.Leakage;

/// <summary>
/// Unique canary values (e-mails, IPv4 and IPv6 addresses, names) handed out to scenarios, and the scanner that looks
/// for any of them in text or bytes. Each value is searched in every form it could be written in: as given, lower case,
/// the address's canonical text, UTF-8 and UTF-16 bytes.
/// </summary>
internal sealed class Canaries
{
    private readonly List<string> _values = [];
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private int _next;

    public IReadOnlyList<string> Values => _values;

    public string Email() => Add($"canary.{_run}.{Next()}@example.com");

    public string Name() => Add($"Zyxqwa{_run}{Next()} Vobbletrum");

    /// <summary>An address in TEST-NET-3 (203.0.113.0/24), three-digit last octet so no other canary is its prefix.</summary>
    public string Ipv4() => Add(string.Create(CultureInfo.InvariantCulture, $"203.0.113.{100 + (Next() % 150)}"));

    /// <summary>An address in the documentation prefix 2001:db8::/32, with non-zero groups after the /48.</summary>
    public string Ipv6()
    {
        var n = Next();
        var address = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"2001:db8:0:{n:x}:a11:b22:c33:{0xd00 + n:x}"));
        return Add(address.ToString());
    }

    private string Add(string value)
    {
        _values.Add(value);
        return value;
    }

    private int Next() => Interlocked.Increment(ref _next);

    /// <summary>The canaries found in <paramref name="text"/>, ignoring case.</summary>
    public IEnumerable<string> FoundIn(string text) =>
        _values.Where(v => text.Contains(v, StringComparison.OrdinalIgnoreCase));

    /// <summary>The canaries found in <paramref name="bytes"/> as UTF-8 or UTF-16LE text (exact case, then lower case).</summary>
    public IEnumerable<string> FoundIn(ReadOnlySpan<byte> bytes)
    {
        var found = new List<string>();
        foreach (var value in _values)
        {
            foreach (var form in new[] { value, value.ToLowerInvariant() }.Distinct())
            {
                if (bytes.IndexOf(Encoding.UTF8.GetBytes(form)) >= 0 || bytes.IndexOf(Encoding.Unicode.GetBytes(form)) >= 0)
                {
                    found.Add(value);
                    break;
                }
            }
        }

        return found;
    }
}
