using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PrivacyGuard.Demo.Stack;

/// <summary>
/// Demo only: what the account service received on the wire (method, path, the forwarding header and a JSON body), kept
/// in memory so the walkthrough can show what left the gateway. It runs first in the service's pipeline, before the
/// service's own PrivacyGuard middleware, and is added only when <see cref="DemoStackOptions.RecordUpstream"/> is set.
/// It holds at most <see cref="Capacity"/> requests; it never logs.
/// </summary>
internal sealed class UpstreamRecorder
{
    public const int Capacity = 64;
    private const int MaxBodyBytes = 16 * 1024;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public void Use(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        string? body = null;
        if (request.ContentLength is > 0 and <= MaxBodyBytes)
        {
            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            request.Body.Position = 0;
        }

        _received.Enqueue(new ReceivedRequest(request.Method, request.Path.Value ?? "", request.Headers["X-Forwarded-For"].ToString(), body));
        while (_received.Count > Capacity && _received.TryDequeue(out _))
        {
        }

        await next(context).ConfigureAwait(false);
    });
}

/// <summary>One request as the account service received it.</summary>
internal sealed record ReceivedRequest(string Method, string Path, string ForwardedFor, string? Body);
