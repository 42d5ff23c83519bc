using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PrivacyGuard.Demo.Stack;

namespace PrivacyGuard.Samples.Tests.Demo;

/// <summary>
/// <c>samples/walkthrough.http</c> against the demo stack (in-process, ephemeral ports, temporary data folder): every
/// request gets the status its <c># expect:</c> line names, request variables (<c>{{jane.response.body.$.id}}</c>) included.
/// </summary>
public sealed partial class WalkthroughHttpFileTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "privacyguard-http-" + Guid.NewGuid().ToString("N")[..12]);
    private DemoStack? _stack;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _stack = await DemoStack.StartAsync(new DemoStackOptions { GatewayPort = 0, ServicePort = 0, DataDirectory = Path.Combine(_folder, ".data") }, TextWriter.Null, Ct);

    public async ValueTask DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Every_request_of_the_http_file_gets_the_status_it_expects()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "walkthrough.http"), Ct);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["gateway"] = _stack!.GatewayAddress.ToString().TrimEnd('/'),
            ["service"] = _stack.ServiceAddress.ToString().TrimEnd('/'),
            ["adminKey"] = _stack.AdminApiKey,
        };
        var responses = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        using var client = new HttpClient();
        var sent = 0;

        foreach (var block in Regex.Split(text, "^###", RegexOptions.Multiline).Skip(1))
        {
            var request = HttpFileRequest.Parse(block);
            if (request is null)
            {
                continue;
            }

            using var message = new HttpRequestMessage(new HttpMethod(request.Method), Substitute(request.Url, variables, responses));
            if (request.Body.Length > 0)
            {
                message.Content = new StringContent(Substitute(request.Body, variables, responses), Encoding.UTF8);
                message.Content.Headers.ContentType = null;
            }

            foreach (var (name, value) in request.Headers)
            {
                if (!message.Headers.TryAddWithoutValidation(name, Substitute(value, variables, responses)))
                {
                    message.Content?.Headers.TryAddWithoutValidation(name, value);
                }
            }

            using var response = await client.SendAsync(message, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(request.Expected.Contains((int)response.StatusCode), $"{request.Title}: {(int)response.StatusCode}, expected {string.Join(" or ", request.Expected)}");
            if (request.Name is not null)
            {
                responses[request.Name] = JsonNode.Parse(body);
            }

            sent++;
        }

        Assert.Equal(17, sent);
    }

    private static string Substitute(string text, Dictionary<string, string> variables, Dictionary<string, JsonNode?> responses) =>
        Placeholder().Replace(text, m => m.Groups["request"].Success
            ? responses[m.Groups["request"].Value]![m.Groups["property"].Value]!.ToString()
            : variables[m.Groups["variable"].Value]);

    [GeneratedRegex(@"\{\{(?:(?<request>\w+)\.response\.body\.\$\.(?<property>\w+)|(?<variable>\w+))\}\}")]
    private static partial Regex Placeholder();

    /// <summary>One request block of the file: <c>### title</c>, comments (<c># @name</c>, <c># expect:</c>), request line, headers, body.</summary>
    private sealed partial record HttpFileRequest(string Title, string? Name, int[] Expected, string Method, string Url, List<(string Name, string Value)> Headers, string Body)
    {
        public static HttpFileRequest? Parse(string block)
        {
            var lines = block.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            var start = lines.FindIndex(l => RequestLine().IsMatch(l));
            if (start < 0)
            {
                return null;
            }

            var comments = lines[..start];
            var name = comments.Where(l => l.StartsWith("# @name ", StringComparison.Ordinal)).Select(l => l["# @name ".Length..].Trim()).SingleOrDefault();
            var expect = comments.Single(l => l.StartsWith("# expect:", StringComparison.Ordinal));
            var expected = Regex.Matches(expect.Split('(')[0], @"\d{3}").Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
            var requestLine = RequestLine().Match(lines[start]);
            var headers = new List<(string, string)>();
            var i = start + 1;
            for (; i < lines.Count && lines[i].Length > 0; i++)
            {
                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                headers.Add((lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
            }

            return new HttpFileRequest(lines[0].Trim(), name, expected, requestLine.Groups["method"].Value, requestLine.Groups["url"].Value, headers, string.Join('\n', lines.Skip(i)).Trim());
        }

        [GeneratedRegex(@"^(?<method>GET|POST|PUT|DELETE) (?<url>\S+)$")]
        private static partial Regex RequestLine();
    }
}
