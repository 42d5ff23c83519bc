using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PrivacyGuard.AspNetCore.Problems;
using PrivacyGuard.Json;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.AspNetCore.BodyRewriting;

/// <summary>
/// Rewrites the JSON request body of endpoints that carry <see cref="IJsonBodyRulesMetadata"/> before the endpoint
/// reads it, and refuses bodies it cannot rewrite (fail closed) with problem details that never echo the body.
/// </summary>
internal sealed partial class JsonBodyRewritingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly JsonRewriterCache _rewriters;
    private readonly IPrivacyScope _scope;
    private readonly ILogger _logger;
    private readonly int _maxBodyBytes;

    public JsonBodyRewritingMiddleware(
        RequestDelegate next,
        JsonRewriterCache rewriters,
        IPrivacyScope scope,
        IOptions<JsonBodyRewritingOptions> options,
        ILogger<JsonBodyRewritingMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(rewriters);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _next = next;
        _rewriters = rewriters;
        _scope = scope;
        _logger = logger;
        _maxBodyBytes = options.Value.MaxBodyBytes;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var rules = endpoint?.Metadata.GetOrderedMetadata<IJsonBodyRulesMetadata>();
        if (endpoint is null || rules is null || rules.Count == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            return _next(context);
        }

        return RewriteAsync(context, endpoint, rules);
    }

    private async Task RewriteAsync(HttpContext context, Endpoint endpoint, IReadOnlyList<IJsonBodyRulesMetadata> rules)
    {
        var request = context.Request;
        if (!JsonMediaType.IsUtf8Json(request.ContentType) || JsonMediaType.HasContentCoding(request.Headers.ContentEncoding))
        {
            // A chunked body may turn out empty: a request without a body passes, whatever its type.
            if (request.ContentLength is null && await EmptyRequestBody.IsEmptyAsync(request, context.RequestAborted).ConfigureAwait(false))
            {
                await ContinueWithoutBodyAsync(context).ConfigureAwait(false);
                return;
            }

            await RefuseAsync(context, endpoint, StatusCodes.Status415UnsupportedMediaType, PrivacyProblemTypes.UnsupportedMediaType,
                "Unsupported media type", "This endpoint accepts application/json (or a +json type) encoded as UTF-8, without Content-Encoding.").ConfigureAwait(false);
            return;
        }

        if (request.ContentLength > _maxBodyBytes)
        {
            await RefuseTooLargeAsync(context, endpoint).ConfigureAwait(false);
            return;
        }

        var rewriter = _rewriters.Get(endpoint, rules, _scope.EffectivePurpose);
        var body = new PooledBodyStream(request.ContentLength, _maxBodyBytes);
        var original = request.Body;
        try
        {
            JsonRewriteResult result;
            try
            {
                result = await rewriter.RewriteAsync(original, body, context.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // The server's own MaxRequestBodySize, smaller than MaxBodyBytes, tripped first: the same refusal.
                await RefuseTooLargeAsync(context, endpoint).ConfigureAwait(false);
                return;
            }

            // Nothing at all (a chunked body of no chunks) is a request without a body, not malformed JSON.
            if (!result.IsSuccess && result is not { Status: JsonRewriteStatus.Malformed, BytesRead: 0 })
            {
                await RefuseAsync(context, endpoint, result.Status).ConfigureAwait(false);
                return;
            }

            LogRewritten(_logger, endpoint.DisplayName, result.ValuesReplaced);
            body.Position = 0;
            request.Body = body;
            request.ContentLength = body.Length;
            request.Headers.Remove(HeaderNames.TransferEncoding);
            await _next(context).ConfigureAwait(false);
        }
        finally
        {
            request.Body = original;
            await body.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task ContinueWithoutBodyAsync(HttpContext context)
    {
        context.Request.Headers.Remove(HeaderNames.TransferEncoding);
        context.Request.ContentLength = 0;
        return _next(context);
    }

    private Task RefuseAsync(HttpContext context, Endpoint endpoint, JsonRewriteStatus status) => status switch
    {
        JsonRewriteStatus.TooLarge => RefuseTooLargeAsync(context, endpoint),
        JsonRewriteStatus.TooDeep => RefuseAsync(context, endpoint, StatusCodes.Status400BadRequest, PrivacyProblemTypes.BodyTooDeep,
            "JSON body too deep", "The body nests objects and arrays deeper than this endpoint accepts."),
        JsonRewriteStatus.UnsupportedValue => RefuseAsync(context, endpoint, StatusCodes.Status400BadRequest, PrivacyProblemTypes.UnsupportedValue,
            "Unsupported value", "A personal-data field holds a value of a type or form its rule cannot treat."),
        _ => RefuseAsync(context, endpoint, StatusCodes.Status400BadRequest, PrivacyProblemTypes.MalformedBody,
            "Malformed JSON body", "The body is not well-formed JSON encoded as UTF-8."),
    };

    private Task RefuseTooLargeAsync(HttpContext context, Endpoint endpoint) =>
        RefuseAsync(context, endpoint, StatusCodes.Status413PayloadTooLarge, PrivacyProblemTypes.BodyTooLarge,
            "Request body too large", $"The body is larger than the {BodyLimits.AcceptedBytes(context, _maxBodyBytes)} bytes this endpoint accepts.");

    private Task RefuseAsync(HttpContext context, Endpoint endpoint, int status, string type, string title, string detail)
    {
        LogRefused(_logger, endpoint.DisplayName, status, type);
        return PrivacyProblemWriter.WriteAsync(context, status, type, title, detail);
    }

    [LoggerMessage(1, LogLevel.Debug, "Rewrote {ValuesReplaced} personal-data values in the JSON body for {Endpoint}.")]
    private static partial void LogRewritten(ILogger logger, string? endpoint, int valuesReplaced);

    [LoggerMessage(2, LogLevel.Information, "Refused the JSON body for {Endpoint} with {StatusCode} ({ProblemType}).")]
    private static partial void LogRefused(ILogger logger, string? endpoint, int statusCode, string problemType);
}
