using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Gateway.Operations;
using PrivacyGuard.Gateway.Policies;
using PrivacyGuard.Json;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;
using PrivacyGuard.AspNetCore.BodyRewriting;

namespace PrivacyGuard.Gateway.Bodies;

/// <summary>
/// A YARP response transform on every route: when the route's current policy has <c>ResponseBody</c> rules it takes the
/// body over (<see cref="ResponseTransformContext.SuppressResponseBody"/>), rewrites it into a buffer of at most
/// <c>MaxBodyBytes</c> (gzip and br decoded and re-encoded, or refused), and sends it with its exact
/// <c>Content-Length</c>. Anything it cannot rewrite becomes a 502 problem; the upstream's bytes are never sent.
/// </summary>
internal sealed partial class ResponseBodyRewriter(PolicyCatalog catalog, GatewayMetrics metrics, ILogger<ResponseBodyRewriter> logger)
{
    public async ValueTask ApplyAsync(ResponseTransformContext context)
    {
        var httpContext = context.HttpContext;
        var route = httpContext.Features.Get<IReverseProxyFeature>()?.Route.Config;
        var name = Edge.RoutePolicy.NameOf(route);
        if (name is null || !catalog.TryGet(name, out var policy) || policy.ResponseBody is not { } rewriter || context.ProxyResponse is not { } upstream)
        {
            return;
        }

        var content = upstream.Content;
        var status = (int)upstream.StatusCode;
        var length = content.Headers.ContentLength;
        if (HttpMethods.IsHead(httpContext.Request.Method) || status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified
            || length == 0)
        {
            return;
        }

        context.SuppressResponseBody = true;
        var started = Stopwatch.GetTimestamp();
        var (refusal, fields) = await RewriteAsync(context, policy, rewriter, length).ConfigureAwait(false);
        if (refusal is null)
        {
            metrics.Rewritten(route, policy.Name, GatewayMetrics.Response, fields, started);
        }
        else
        {
            LogRefused(logger, route!.RouteId, status, refusal);
            await GatewayRefusal.WriteAsync(httpContext, StatusCodes.Status502BadGateway, GatewayProblemTypes.UnrewritableResponse,
                "Upstream response not rewritable", "The upstream's response could not be rewritten per this route's privacy policy, so it is not sent.").ConfigureAwait(false);
        }
    }

    /// <summary>Rewrites and sends the body; returns no refusal and the values rewritten on success, else why it was refused (a fixed text, no content).</summary>
    private static async Task<(string? Refusal, int Fields)> RewriteAsync(ResponseTransformContext context, GatewayPolicy policy, JsonRewriter rewriter, long? length)
    {
        var content = context.ProxyResponse!.Content;
        if ((int)context.ProxyResponse.StatusCode == StatusCodes.Status206PartialContent)
        {
            return ("partial content", 0);
        }

        var cancellation = context.CancellationToken;
        var response = context.HttpContext.Response;
        if (!JsonMediaType.IsUtf8Json(content.Headers.ContentType?.ToString()))
        {
            // A body of unknown length and no type may still turn out empty (chunked, or an HTTP/2 stream that just ends):
            // it passes. A typed non-JSON body (an event stream, say) is refused at once, without waiting for a byte.
            if (length is null && content.Headers.ContentType is null && await IsEmptyAsync(content, cancellation).ConfigureAwait(false))
            {
                await SendAsync(response, ReadOnlyMemory<byte>.Empty, cancellation).ConfigureAwait(false);
                return (null, 0);
            }

            return ("not JSON", 0);
        }

        var coding = ContentCodings.Parse(content.Headers.ContentEncoding);
        if (coding == ContentCoding.Unsupported || (coding != ContentCoding.Identity && policy.Options.CompressedResponses == CompressedResponses.Refuse))
        {
            return ("content coding", 0);
        }

        if (coding == ContentCoding.Identity && length > policy.MaxBodyBytes)
        {
            return (nameof(JsonRewriteStatus.TooLarge), 0);
        }

        using var rewritten = new PooledBodyStream(coding == ContentCoding.Identity ? length : null, policy.MaxBodyBytes);
        var fields = 0;
        var empty = false;
        try
        {
            var encoded = await content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            await using (encoded.ConfigureAwait(false))
            {
                var decoded = ContentCodings.Decode(encoded, coding);
                await using (decoded.ConfigureAwait(false))
                {
                    var result = await rewriter.RewriteAsync(decoded, rewritten, cancellation).ConfigureAwait(false);
                    // Nothing at all once decoded (a chunked or compressed empty body) is an empty response, not malformed JSON.
                    empty = result is { Status: JsonRewriteStatus.Malformed, BytesRead: 0 };
                    if (!result.IsSuccess && !empty)
                    {
                        return (result.Status.ToString(), 0);
                    }

                    fields = result.ValuesReplaced;
                }
            }
        }
        catch (InvalidDataException)
        {
            return ("corrupt compressed content", 0);
        }
        catch (InvalidOperationException) when (coding == ContentCoding.Brotli)
        {
            // BrotliStream reports data that is not Brotli with InvalidOperationException, not InvalidDataException.
            return ("corrupt compressed content", 0);
        }
        catch (IOException)
        {
            return ("upstream read failed", 0);
        }

        if (empty)
        {
            await SendAsync(response, ReadOnlyMemory<byte>.Empty, cancellation).ConfigureAwait(false);
            return (null, 0);
        }

        using var recompressed = coding == ContentCoding.Identity ? null : await EncodeAsync(rewritten, coding, policy.MaxBodyBytes, cancellation).ConfigureAwait(false);
        await SendAsync(response, (recompressed ?? rewritten).WrittenMemory, cancellation).ConfigureAwait(false);
        return (null, fields);
    }

    /// <summary>
    /// Sends <paramref name="body"/> with its exact <c>Content-Length</c>, without the upstream's <c>ETag</c> and
    /// <c>Content-MD5</c> (they describe the upstream's bytes); an empty body also goes without <c>Content-Encoding</c>.
    /// </summary>
    private static async Task SendAsync(HttpResponse response, ReadOnlyMemory<byte> body, CancellationToken cancellation)
    {
        response.Headers.Remove(HeaderNames.TransferEncoding);
        response.Headers.Remove(HeaderNames.ETag);
        response.Headers.Remove("Content-MD5");
        if (body.IsEmpty)
        {
            response.Headers.Remove(HeaderNames.ContentEncoding);
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellation).ConfigureAwait(false);
    }

    /// <summary>Whether the upstream's body, of unknown length, holds no bytes (read up to one byte; the body is not sent either way).</summary>
    private static async Task<bool> IsEmptyAsync(HttpContent content, CancellationToken cancellation)
    {
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var first = new byte[1];
                return await stream.ReadAsync(first, cancellation).ConfigureAwait(false) == 0;
            }
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<PooledBodyStream> EncodeAsync(PooledBodyStream plain, ContentCoding coding, int maxBytes, CancellationToken cancellation)
    {
        var encoded = new PooledBodyStream(null, maxBytes);
        try
        {
            var encoder = ContentCodings.Encode(encoded, coding);
            await using (encoder.ConfigureAwait(false))
            {
                await encoder.WriteAsync(plain.WrittenMemory, cancellation).ConfigureAwait(false);
            }

            return encoded;
        }
        catch
        {
            await encoded.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Refused the upstream response ({StatusCode}) on route {RouteId} with 502: {Reason}.")]
    private static partial void LogRefused(ILogger logger, string routeId, int statusCode, string reason);
}
