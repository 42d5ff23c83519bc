using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PrivacyGuard.AspNetCore.Problems;

/// <summary>
/// Writes PrivacyGuard's <c>application/problem+json</c> responses (RFC 9457). Title and detail are fixed texts chosen by
/// the caller; nothing from the request is echoed.
/// </summary>
public static class PrivacyProblemWriter
{
    /// <summary>The media type of problem responses.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>
    /// Writes a problem response with <paramref name="status"/>, <paramref name="type"/> (one of
    /// <see cref="PrivacyProblemTypes"/>), <paramref name="title"/> and an optional <paramref name="detail"/>, unless the
    /// response has started (then the connection is aborted: a half-written body must not be taken as complete). An
    /// <see cref="IPrivacyProblemFeature"/> of the request, if any, is told the type.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, int status, string type, string title, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        if (context.Features.Get<IPrivacyProblemFeature>() is { } observed)
        {
            observed.ProblemType = type;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        context.Response.Headers.CacheControl = "no-store";

        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            if (detail is not null)
            {
                writer.WriteString("detail", detail);
            }

            writer.WriteString("traceId", context.TraceIdentifier);
            writer.WriteEndObject();
        }

        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }
}
