using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PrivacyGuard.AspNetCore.Problems;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>Reads admin request bodies and writes JSON responses; a bad body gets a problem that never echoes it.</summary>
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
            await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, PrivacyProblemTypes.UnsupportedMediaType, "The admin API takes application/json bodies.").ConfigureAwait(false);
            return (false, null);
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, PrivacyProblemTypes.BodyTooLarge, "The request body is too large.").ConfigureAwait(false);
            return (false, null);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                await PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, PrivacyProblemTypes.BodyTooLarge, "The request body is too large.").ConfigureAwait(false);
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

    public static Task InvalidAsync(HttpContext context, string detail) =>
        PrivacyProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, AdminProblemTypes.InvalidRequest, "Invalid request.", detail);

    public static async Task WriteAsync<T>(HttpContext context, T value, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, Options, context.RequestAborted).ConfigureAwait(false);
    }

    public static bool IsValidSubjectId([NotNullWhen(true)] string? subjectId) =>
        !string.IsNullOrEmpty(subjectId) && subjectId.Length <= 200;

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
