using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PrivacyGuard.AccessLog;
using PrivacyGuard.AspNetCore.Problems;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>
/// Reads admin request bodies and writes JSON responses; a bad body gets a problem that never echoes it. Every refusal
/// written here is first recorded as a failed access event of the endpoint's operation.
/// </summary>
internal static class AdminJson
{
    private const int MaxBodyBytes = 64 * 1024;

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the body as <typeparamref name="T"/>; on failure writes 400/413/415 and returns false.</summary>
    public static async Task<(bool Ok, T? Value)> TryReadAsync<T>(HttpContext context)
        where T : class
    {
        if (!IsJson(context.Request.ContentType))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, PrivacyProblemTypes.UnsupportedMediaType, "The admin API takes application/json bodies.", detail: null, "unsupported-media-type").ConfigureAwait(false);
            return (false, null);
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, PrivacyProblemTypes.BodyTooLarge, "The request body is too large.", detail: null, "body-too-large").ConfigureAwait(false);
            return (false, null);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, PrivacyProblemTypes.BodyTooLarge, "The request body is too large.", detail: null, "body-too-large").ConfigureAwait(false);
                return (false, null);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            if (value is not null)
            {
                return (true, value);
            }
        }
        catch (JsonException)
        {
            // Answered below; the exception's message may quote the input, so it goes nowhere.
        }

        await InvalidAsync(context, "The request body is not the JSON object this operation takes.").ConfigureAwait(false);
        return (false, null);
    }

    /// <summary>
    /// Writes a 400 problem with <paramref name="detail"/> (a fixed text). Unless the call's outcome is
    /// <paramref name="alreadyRecorded"/>, it is first recorded as a failed access event.
    /// </summary>
    public static Task InvalidAsync(HttpContext context, string detail, bool alreadyRecorded = false) =>
        alreadyRecorded
            ? PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, AdminProblemTypes.InvalidRequest, "Invalid request.", detail)
            : RefuseAsync(context, StatusCodes.Status400BadRequest, AdminProblemTypes.InvalidRequest, "Invalid request.", detail, "invalid-request");

    public static async Task WriteAsync<T>(HttpContext context, T value, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, Options, context.RequestAborted).ConfigureAwait(false);
    }

    public static bool IsValidSubjectId([NotNullWhen(true)] string? subjectId) =>
        !string.IsNullOrEmpty(subjectId) && subjectId.Length <= 200;

    /// <summary>
    /// Records the refused call as a failed access event of the endpoint's operation (no subject: the request was not
    /// understood), then writes the problem; 503 instead when the event cannot be recorded.
    /// </summary>
    private static async Task RefuseAsync(HttpContext context, int status, string type, string title, string? detail, string reason)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<AdminOperation>() is { } operation)
        {
            try
            {
                await context.RequestServices.GetRequiredService<AdminAccessRecorder>()
                    .RecordAsync(context, operation, AccessOutcome.Failed, subjectId: null, reason).ConfigureAwait(false);
            }
            catch (AccessLogUnavailableException)
            {
                await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, PrivacyProblemTypes.PrivacyStoreUnavailable, "The access log is unavailable.").ConfigureAwait(false);
                return;
            }
        }

        await PrivacyProblemWriter.WriteAsync(context, status, type, title, detail).ConfigureAwait(false);
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
