using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using PrivacyGuard.AspNetCore.Problems;

namespace PrivacyGuard.Gateway.Tests.Operations;

/// <summary>
/// Memory per in-flight request is bounded by the route's <c>MaxBodyBytes</c>: a body just under the limit is rewritten
/// whole, and a 10 MB body is refused with 413 without being buffered. Allocation is measured process-wide
/// (<see cref="GC.GetTotalAllocatedBytes(bool)"/>) with the gateway and its upstream hosted in the test process, so the
/// class runs alone (its collection disables parallelization) and each measurement follows a warm-up request of the
/// same shape, which fills the pools the request draws on.
/// </summary>
[Collection(nameof(BodyMemoryTests))]
public class BodyMemoryTests
{
    private const int Limit = 1024 * 1024;
    private const long TenMegabytes = 10L * 1024 * 1024;

    private static JsonObject Policy() => new()
    {
        ["MaxBodyBytes"] = Limit,
        ["RequestBody"] = new JsonArray { Scenario.Rule("$.email", "Email") },
        ["ResponseBody"] = new JsonArray { Scenario.Rule("$.email", "Email") },
    };

    [Fact]
    public async Task A_body_just_under_the_limit_is_rewritten_and_forwarded_whole()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        using var content = PaddedJson.Content(Limit - 64);

        using var response = await gateway.Client.PostAsync("api/orders", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var forwarded = Assert.Single(upstream.Received).Body;
        var text = Encoding.UTF8.GetString(forwarded);
        Assert.DoesNotContain(Scenario.CanaryEmail, text, StringComparison.Ordinal);
        Assert.Contains("@pseudonymized.invalid", text, StringComparison.Ordinal);
        Assert.InRange(forwarded.Length, Limit - 256, Limit);
        Assert.EndsWith(string.Concat(Enumerable.Repeat("0,", 1000)) + "0]}", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_10_MB_body_is_refused_with_413_and_never_buffered_whole(bool declareLength)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Scenario.Settings(upstream.Address, Policy()));
        await RawPostAsync(gateway, TenMegabytes, declareLength);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var (status, problem) = await RawPostAsync(gateway, TenMegabytes, declareLength);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(413, status);
        Assert.Contains(PrivacyProblemTypes.BodyTooLarge, problem, StringComparison.Ordinal);
        Assert.Empty(upstream.Received);

        // With a declared length nothing is read; without one the rewriter reads up to the limit before it can tell, and
        // its pooled buffers hold at most about that. Either way far less than the 10 MB sent.
        Assert.True(allocated < TenMegabytes / 2, $"A refused 10 MB request allocated {allocated:N0} bytes in the process.");
    }

    /// <summary>
    /// POSTs the padded body over a plain socket (HttpClient reports the server closing mid-upload as an error, even
    /// after a complete response): the body is written while the response is read, and a write the server stops
    /// accepting ends the upload. Returns the response's status and body.
    /// </summary>
    private static async Task<(int Status, string Body)> RawPostAsync(GatewayHost gateway, long bodyBytes, bool declareLength)
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var client = new TcpClient();
        await client.ConnectAsync(gateway.Address.Host, gateway.Address.Port, cancellation);
        var stream = client.GetStream();
        var framing = declareLength ? $"Content-Length: {PaddedJson.LengthOf(bodyBytes)}" : "Transfer-Encoding: chunked";
        var head = $"POST /api/orders HTTP/1.1\r\nHost: {gateway.Address.Authority}\r\nContent-Type: application/json\r\n{framing}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellation);
        var upload = UploadAsync(stream, bodyBytes, declareLength, cancellation);

        using var received = new MemoryStream();
        await stream.CopyToAsync(received, cancellation);
        await upload;
        var response = Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
        var status = int.Parse(response.AsSpan(9, 3), CultureInfo.InvariantCulture);
        var bodyStart = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, bodyStart < 0 ? string.Empty : response[(bodyStart + 4)..]);
    }

    private static async Task UploadAsync(NetworkStream stream, long bodyBytes, bool declareLength, CancellationToken cancellation)
    {
        try
        {
            await PaddedJson.WriteAsync(stream, bodyBytes, chunked: !declareLength, cancellation);
        }
        catch (IOException)
        {
            // The gateway answered and closed the connection before taking the whole body: what the test expects.
        }
    }

    /// <summary>
    /// A JSON body of about the given size (rounded down to an even number of bytes),
    /// <c>{"email":"&lt;canary&gt;","pad":[0,0,…,0]}</c>: many small tokens, as real documents have, written from one
    /// shared block so that sending it allocates nothing per byte; with a Content-Length, or in chunks.
    /// </summary>
    private static class PaddedJson
    {
        private static readonly byte[] Prefix = Encoding.UTF8.GetBytes($$"""{"email":"{{Scenario.CanaryEmail}}","pad":[""");
        private static readonly byte[] Suffix = "0]}"u8.ToArray();
        private static readonly byte[] Padding = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0,", 32 * 1024)));

        /// <summary>The exact length of the body written for <paramref name="length"/>.</summary>
        public static long LengthOf(long length) => Prefix.Length + ((length - Prefix.Length - Suffix.Length) / 2 * 2) + Suffix.Length;

        public static ByteArrayContent Content(long length)
        {
            var content = new ByteArrayContent(Build(length));
            content.Headers.ContentType = new("application/json");
            return content;
        }

        public static async Task WriteAsync(Stream stream, long length, bool chunked, CancellationToken cancellation)
        {
            await WritePartAsync(stream, Prefix, chunked, cancellation);
            var remaining = LengthOf(length) - Prefix.Length - Suffix.Length;
            while (remaining > 0)
            {
                var count = (int)Math.Min(remaining, Padding.Length);
                await WritePartAsync(stream, Padding.AsMemory(0, count), chunked, cancellation);
                remaining -= count;
            }

            await WritePartAsync(stream, Suffix, chunked, cancellation);
            if (chunked)
            {
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellation);
            }
        }

        private static async Task WritePartAsync(Stream stream, ReadOnlyMemory<byte> part, bool chunked, CancellationToken cancellation)
        {
            if (chunked)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{part.Length:x}\r\n"), cancellation);
            }

            await stream.WriteAsync(part, cancellation);
            if (chunked)
            {
                await stream.WriteAsync("\r\n"u8.ToArray(), cancellation);
            }
        }

        private static byte[] Build(long length)
        {
            using var buffer = new MemoryStream();
            WriteAsync(buffer, length, chunked: false, CancellationToken.None).GetAwaiter().GetResult();
            return buffer.ToArray();
        }
    }
}

/// <summary>The collection <see cref="BodyMemoryTests"/> runs in: alone, so process-wide allocation is its own.</summary>
[CollectionDefinition(nameof(BodyMemoryTests), DisableParallelization = true)]
public sealed class BodyMemoryRunsAlone;
