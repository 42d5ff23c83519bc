using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Gateway.Operations;
using PrivacyGuard.Gateway.Policies;
using PrivacyGuard.Json;
using PrivacyGuard.AspNetCore.BodyRewriting;

namespace PrivacyGuard.Gateway.Bodies;

/// <summary>
/// Rewrites a JSON request body per the route's <c>RequestBody</c> rules before YARP forwards it. The whole rewritten
/// body is buffered (at most <c>MaxBodyBytes</c>) so that a body which cannot be rewritten is refused before a byte
/// goes upstream; the forwarded request carries its exact <c>Content-Length</c> and no <c>Transfer-Encoding</c>.
/// </summary>
internal static class RequestBodyRewriting
{
    /// <summary>
    /// Rewrites the body and runs <paramref name="next"/> with it, or writes a problem response (415, 413, 400) and
    /// returns without calling <paramref name="next"/>. A successful pass is recorded in <paramref name="measurement"/>.
    /// </summary>
    public static async Task RewriteAndContinueAsync(HttpContext context, GatewayPolicy policy, JsonRewriter rewriter, RequestDelegate next, RequestRewriteMeasurement measurement)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            measurement.Record(policy, bodyFields: 0);
            await next(context).ConfigureAwait(false);
            return;
        }

        if (!JsonMediaType.IsUtf8Json(request.ContentType) || JsonMediaType.HasContentCoding(request.Headers.ContentEncoding))
        {
            // A chunked body may turn out empty: a request without a body passes, whatever its type.
            if (request.ContentLength is null && await EmptyRequestBody.IsEmptyAsync(request, context.RequestAborted).ConfigureAwait(false))
            {
                request.Headers.Remove(HeaderNames.TransferEncoding);
                request.ContentLength = 0;
                measurement.Record(policy, bodyFields: 0);
                await next(context).ConfigureAwait(false);
                return;
            }

            await GatewayRefusal.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, PrivacyProblemTypes.UnsupportedMediaType,
                "Unsupported media type", "This route rewrites JSON bodies: send application/json (or a +json type) encoded as UTF-8, without Content-Encoding.").ConfigureAwait(false);
            return;
        }

        if (request.ContentLength > policy.MaxBodyBytes)
        {
            await RefuseAsync(context, JsonRewriteStatus.TooLarge, policy).ConfigureAwait(false);
            return;
        }

        var original = request.Body;
        using var body = new PooledBodyStream(request.ContentLength, policy.MaxBodyBytes);
        JsonRewriteResult result;
        try
        {
            result = await rewriter.RewriteAsync(original, body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own MaxRequestBodySize tripped first (a chunked body): the same refusal as the rewriter's.
            await RefuseAsync(context, JsonRewriteStatus.TooLarge, policy).ConfigureAwait(false);
            return;
        }

        // Nothing at all (a chunked body of no chunks) is a request without a body, forwarded as such, not malformed JSON.
        if (!result.IsSuccess && result is not { Status: JsonRewriteStatus.Malformed, BytesRead: 0 })
        {
            await RefuseAsync(context, result.Status, policy).ConfigureAwait(false);
            return;
        }

        measurement.Record(policy, result.ValuesReplaced);
        body.Position = 0;
        request.Body = body;
        request.Headers.Remove(HeaderNames.TransferEncoding);
        request.ContentLength = body.Length;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            request.Body = original;
        }
    }

    private static Task RefuseAsync(HttpContext context, JsonRewriteStatus status, GatewayPolicy policy) => status switch
    {
        JsonRewriteStatus.TooLarge => GatewayRefusal.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, PrivacyProblemTypes.BodyTooLarge,
            "Request body too large", $"The body is larger than the {BodyLimits.AcceptedBytes(context, policy.MaxBodyBytes)} bytes this route accepts."),
        JsonRewriteStatus.TooDeep => GatewayRefusal.WriteAsync(context, StatusCodes.Status400BadRequest, PrivacyProblemTypes.BodyTooDeep,
            "JSON body too deep", "The body nests objects and arrays deeper than this route accepts."),
        JsonRewriteStatus.UnsupportedValue => GatewayRefusal.WriteAsync(context, StatusCodes.Status400BadRequest, PrivacyProblemTypes.UnsupportedValue,
            "Unsupported value", "A personal-data field holds a value of a type or form its rule cannot treat."),
        _ => GatewayRefusal.WriteAsync(context, StatusCodes.Status400BadRequest, PrivacyProblemTypes.MalformedBody,
            "Malformed JSON body", "The body is not well-formed JSON encoded as UTF-8."),
    };
}
