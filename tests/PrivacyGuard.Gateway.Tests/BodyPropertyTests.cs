using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using PrivacyGuard.Pseudonymization;

namespace PrivacyGuard.Gateway.Tests;

public class BodyPropertyTests
{
    private sealed record Item(string Email, string Name, int Number, string Tag);

    private static readonly Gen<string> Letters = Gen.String[Gen.Char['a', 'z'], 1, 12];

    // Markers that no pseudonym contains: "@example-" (pseudonyms use another domain) and "Given " (tokens have no spaces).
    private static readonly Gen<Item> ItemGen =
        Gen.Select(Letters, Letters, Letters, Gen.Int, Gen.String[Gen.Char.AlphaNumeric, 0, 20],
            (local, domain, name, number, tag) => new Item($"{local}@example-{domain}.com", "Given " + name, number, tag));

    private static readonly Gen<(Item[] Items, Item Meta, bool Gzip)> DocumentGen =
        Gen.Select(ItemGen.Array[0, 8], ItemGen, Gen.Bool);

    private static string ToJson(Item[] items, Item meta)
    {
        static JsonObject Node(Item i) => new() { ["email"] = i.Email, ["name"] = i.Name, ["n"] = i.Number, ["tag"] = i.Tag };
        return new JsonObject { ["items"] = new JsonArray([.. items.Select(i => (JsonNode)Node(i))]), ["meta"] = new JsonObject { ["owner"] = Node(meta) } }.ToJsonString();
    }

    private static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(plain);
        }

        return output.ToArray();
    }

    [Fact]
    public async Task Any_document_has_every_selected_value_treated_both_ways_and_every_other_value_kept()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        // The upstream echoes what it received, gzip-compressed when asked.
        upstream.Respond = received => received.Headers.ContainsKey("X-Echo-Gzip")
            ? (200, "application/json", Gzip(received.Body), new Dictionary<string, string> { ["Content-Encoding"] = "gzip" })
            : (200, "application/json", received.Body, null);
        var policy = new JsonObject
        {
            ["RequestBody"] = new JsonArray { Scenario.Rule("$..email", "Email") },
            ["ResponseBody"] = new JsonArray { Scenario.Rule("$..name", "Name", "Redact") },
        };
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, policy));
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip }) { BaseAddress = gateway.Address };

        await DocumentGen.SampleAsync(async document =>
        {
            var (items, meta, gzip) = document;
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/echo") { Content = new StringContent(ToJson(items, meta), Encoding.UTF8, "application/json") };
            if (gzip)
            {
                request.Headers.Add("X-Echo-Gzip", "1");
            }

            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotContain("@example-", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Given ", text, StringComparison.Ordinal);
            var body = JsonNode.Parse(text)!;
            var all = body["items"]!.AsArray().Append(body["meta"]!["owner"]).ToList();
            var expected = items.Append(meta).ToList();
            Assert.Equal(expected.Count, all.Count);
            for (var i = 0; i < all.Count; i++)
            {
                Assert.EndsWith("@" + EmailPseudonymizer.PseudonymizedDomain, all[i]!["email"]!.GetValue<string>(), StringComparison.Ordinal);
                Assert.Null(all[i]!["name"]);
                Assert.Equal(expected[i].Number, all[i]!["n"]!.GetValue<int>());
                Assert.Equal(expected[i].Tag, all[i]!["tag"]!.GetValue<string>());
            }
        }, iter: 400, threads: 2);

        Assert.All(upstream.Received, r => Assert.DoesNotContain("@example-", Encoding.UTF8.GetString(r.Body), StringComparison.Ordinal));
    }
}
