using System.Net;
using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Http;
using PrivacyGuard.AspNetCore.Forwarding;

namespace PrivacyGuard.AspNetCore.Tests.Forwarding;

/// <summary>Property tests of the forwarding-header parser and the trust walk (10,000 cases each).</summary>
public class ForwardedHeaderParserPropertyTests
{
    private const int Iterations = 10_000;

    /// <summary>Characters that matter to the grammar, so random strings hit quotes, brackets, separators and escapes.</summary>
    private static readonly Gen<string> HeaderLike = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char["for=;,\"[]:._-\\ \t0123456789abcdefF unknown_%/"], 0, 120]);

    private static readonly Gen<IPAddress> IPv4 = Gen.Byte.Array[4].Select(b => new IPAddress(b));

    private static readonly Gen<IPAddress> IPv6 = Gen.Byte.Array[16].Select(b => new IPAddress(b));

    private static readonly Gen<string> Obfuscated =
        Gen.String[Gen.Char["abcXYZ019._-"], 1, 12].Select(s => "_" + s);

    private static readonly Gen<string?> Port = Gen.OneOf(
        Gen.Const((string?)null),
        Gen.Int[0, 65535].Select(p => (string?)p.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Obfuscated.Select(s => (string?)s));

    private static readonly Gen<TestNode> Node = Gen.Frequency(
        (4, Gen.Select(IPv4, Port).Select(t => new TestNode(ForwardedNodeKind.Address, t.Item1, t.Item2, null))),
        (3, Gen.Select(IPv6, Port).Select(t => new TestNode(ForwardedNodeKind.Address, t.Item1, t.Item2, null))),
        (1, Port.Select(p => new TestNode(ForwardedNodeKind.Unknown, null, p, null))),
        (1, Gen.Select(Obfuscated, Port).Select(t => new TestNode(ForwardedNodeKind.Obfuscated, null, t.Item2, t.Item1))));

    [Fact]
    public void The_parsers_never_throw_on_any_input() =>
        HeaderLike.Sample(value =>
        {
            var hops = default(ForwardedHops);
            ForwardedHeaderParser.ParseForwarded(value, ref hops);
            ForwardedHeaderParser.ParseXForwardedFor(value, ref hops);
            ForwardedHeaderParser.ParseXRealIp(value, ref hops);
            _ = ForwardedHeaderParser.ParseNode(value);
            for (var i = 0; i < hops.Count; i++)
            {
                var hop = hops.FromRight(i);
                Assert.Equal(hop.Kind == ForwardedNodeKind.Address, hop.Address is not null);
            }
        }, iter: Iterations);

    [Fact]
    public void Generated_Forwarded_headers_parse_back_to_their_nodes() =>
        Gen.Select(Node.List[1, 20], Gen.Int[0, int.MaxValue]).Sample((nodes, seed) =>
        {
            var header = FormatForwarded(nodes, new Random(seed));
            var hops = default(ForwardedHops);
            ForwardedHeaderParser.ParseForwarded(header, ref hops);

            AssertSameNodes(nodes, hops);
        }, iter: Iterations);

    [Fact]
    public void Generated_X_Forwarded_For_headers_parse_back_to_their_nodes() =>
        Gen.Select(Node.List[1, 20], Gen.Int[0, int.MaxValue]).Sample((nodes, seed) =>
        {
            var random = new Random(seed);
            var header = string.Join(random.Next(2) == 0 ? "," : " , ", nodes.Select(n => FormatXForwardedFor(n, random)));
            var hops = default(ForwardedHops);
            ForwardedHeaderParser.ParseXForwardedFor(header, ref hops);

            AssertSameNodes(nodes, hops);
        }, iter: Iterations);

    [Fact]
    public void Headers_from_an_untrusted_peer_are_never_honoured() =>
        Gen.Select(IPv4, HeaderLike, Node.List[1, 5]).Sample((peer, garbage, nodes) =>
        {
            var resolver = ClientAddressResolverTests.Resolver(["10.0.0.1"], ["192.168.0.0/16"]);
            if (peer.Equals(IPAddress.Parse("10.0.0.1")) || (peer.GetAddressBytes()[0] == 192 && peer.GetAddressBytes()[1] == 168))
            {
                return;
            }

            var headers = new HeaderDictionary
            {
                ["X-Forwarded-For"] = string.Join(",", nodes.Select(n => FormatXForwardedFor(n, new Random(1)))),
                ["Forwarded"] = garbage,
                ["X-Real-IP"] = nodes[0].Address?.ToString() ?? "1.2.3.4",
            };

            Assert.Same(peer, resolver.Resolve(peer, headers));
        }, iter: Iterations);

    [Fact]
    public void From_a_trusted_peer_the_client_is_the_peer_or_an_address_the_header_lists() =>
        Gen.Select(Node.List[0, 6], Gen.Int[0, 3]).Sample((nodes, trustedTail) =>
        {
            var resolver = ClientAddressResolverTests.Resolver(["10.0.0.1"], ["192.168.0.0/16"]);
            var chain = nodes.Select(n => FormatXForwardedFor(n, new Random(2)))
                .Concat(Enumerable.Range(0, trustedTail).Select(i => $"192.168.0.{i + 1}")).ToList();
            var peer = IPAddress.Parse("10.0.0.1");
            var client = resolver.Resolve(peer, new HeaderDictionary { ["X-Forwarded-For"] = string.Join(", ", chain) });

            var listed = nodes.Where(n => n.Address is not null).Select(n => Normalize(n.Address!))
                .Concat(Enumerable.Range(0, trustedTail).Select(i => IPAddress.Parse($"192.168.0.{i + 1}")))
                .Append(peer);
            Assert.Contains(client, listed);
            if (nodes.Count > 0 && nodes[^1].Address is { } last && !IsTrustedForTest(Normalize(last)))
            {
                Assert.Equal(Normalize(last), client);
            }
        }, iter: Iterations);

    private static bool IsTrustedForTest(IPAddress address) =>
        address.Equals(IPAddress.Parse("10.0.0.1")) ||
        (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && address.GetAddressBytes() is [192, 168, ..]);

    private static void AssertSameNodes(List<TestNode> nodes, ForwardedHops hops)
    {
        Assert.Equal(nodes.Count, hops.Total);
        for (var i = 0; i < hops.Count; i++)
        {
            var expected = nodes[nodes.Count - 1 - i];
            var actual = hops.FromRight(i);
            Assert.Equal(expected.Kind, actual.Kind);
            if (expected.Address is not null)
            {
                Assert.Equal(Normalize(expected.Address), actual.Address);
            }
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static string NodeText(TestNode node, bool bracketIPv6)
    {
        var name = node.Kind switch
        {
            ForwardedNodeKind.Address when node.Address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && bracketIPv6 => $"[{node.Address}]",
            ForwardedNodeKind.Address => node.Address!.ToString(),
            ForwardedNodeKind.Unknown => "unknown",
            _ => node.Obfuscated!,
        };
        return node.Port is null ? name : name + ":" + node.Port;
    }

    private static string FormatXForwardedFor(TestNode node, Random random)
    {
        var isIPv6 = node.Address?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        if (isIPv6 && node.Port is null && random.Next(2) == 0)
        {
            return node.Address!.ToString();
        }

        return NodeText(node, bracketIPv6: true);
    }

    private static string FormatForwarded(List<TestNode> nodes, Random random)
    {
        var elements = new List<string>();
        foreach (var node in nodes)
        {
            var text = NodeText(node, bracketIPv6: true);
            var needsQuotes = text.Contains(':') || text.Contains('[');
            var value = needsQuotes || random.Next(3) == 0 ? Quote(text, random) : text;
            var pairs = new List<string> { (random.Next(2) == 0 ? "for=" : "For=") + value };
            if (random.Next(2) == 0)
            {
                pairs.Insert(random.Next(2), "proto=https");
            }

            if (random.Next(3) == 0)
            {
                pairs.Add("by=\"[2001:db8::9]:80\"");
            }

            elements.Add(string.Join(random.Next(2) == 0 ? ";" : "; ", pairs));
        }

        return string.Join(random.Next(2) == 0 ? "," : ", ", elements);
    }

    private static string Quote(string text, Random random)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (random.Next(8) == 0)
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    private sealed record TestNode(ForwardedNodeKind Kind, IPAddress? Address, string? Port, string? Obfuscated);
}
