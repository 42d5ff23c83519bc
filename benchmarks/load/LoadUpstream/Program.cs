using System.Buffers;
using System.IO.Pipelines;

// The upstream of the load comparison. Every request's body is read to the end; every answer is response.json
// (application/json, ~2 KB, 10 personal fields). A request carrying X-Load-Record: 1 is remembered, and
// GET /_load/last returns its body and forwarding headers, so run.sh can check what a proxy actually sent.
var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
var response = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "response.json"));
var recorded = new RecordedRequest();

app.Run(async context =>
{
    var request = context.Request;
    if (request.Path.StartsWithSegments("/_load/last"))
    {
        await context.Response.WriteAsJsonAsync(recorded.Snapshot(), RecordedJsonContext.Default.RecordedSnapshot);
        return;
    }

    var record = request.Headers["X-Load-Record"] == "1";
    var body = await ReadBodyAsync(request.BodyReader, record, context.RequestAborted);
    if (record)
    {
        recorded.Set(new RecordedSnapshot(body, request.Headers["X-Forwarded-For"].ToString(), request.Headers["Forwarded"].ToString()));
    }

    context.Response.ContentType = "application/json";
    context.Response.ContentLength = response.Length;
    await context.Response.Body.WriteAsync(response, context.RequestAborted);
});

await app.RunAsync();

// Reads the body to the end; keeps it (as UTF-8 text) only when asked to.
static async Task<string?> ReadBodyAsync(PipeReader reader, bool keep, CancellationToken cancellation)
{
    var kept = keep ? new ArrayBufferWriter<byte>() : null;
    while (true)
    {
        var read = await reader.ReadAsync(cancellation);
        foreach (var segment in read.Buffer)
        {
            kept?.Write(segment.Span);
        }

        reader.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            return kept is null ? null : System.Text.Encoding.UTF8.GetString(kept.WrittenSpan);
        }
    }
}

/// <summary>What the last recorded request carried.</summary>
internal sealed record RecordedSnapshot(string? Body, string XForwardedFor, string Forwarded);

/// <summary>The last request sent with <c>X-Load-Record: 1</c>.</summary>
internal sealed class RecordedRequest
{
    private RecordedSnapshot _last = new(null, string.Empty, string.Empty);

    public void Set(RecordedSnapshot snapshot) => Volatile.Write(ref _last, snapshot);

    public RecordedSnapshot Snapshot() => Volatile.Read(ref _last);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(RecordedSnapshot))]
internal sealed partial class RecordedJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
