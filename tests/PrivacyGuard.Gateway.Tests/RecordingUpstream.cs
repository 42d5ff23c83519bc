using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PrivacyGuard.Gateway.Tests;

/// <summary>One request as the upstream received it.</summary>
public sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// An upstream service on real Kestrel that records every request it receives and answers with a configurable
/// response, so tests can assert exactly what the gateway forwarded.
/// </summary>
public sealed class RecordingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private RecordingUpstream(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The upstream's base address.</summary>
    public Uri Address { get; }

    /// <summary>When set, the response headers are sent before the body, so the body goes chunked (no <c>Content-Length</c>).</summary>
    public bool SendHeadersFirst { get; set; }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>The response to send: status, content type, body, extra headers. Default: 200 with an empty JSON object.</summary>
    public Func<ReceivedRequest, (int Status, string ContentType, byte[] Body, IReadOnlyDictionary<string, string>? Headers)> Respond { get; set; } =
        _ => (200, "application/json", "{}"u8.ToArray(), null);

    /// <summary>Starts the upstream on 127.0.0.1 and an ephemeral port.</summary>
    public static async Task<RecordingUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        RecordingUpstream? self = null;
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var received = new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body.ToArray());
            self!._received.Enqueue(received);
            var (status, contentType, responseBody, extraHeaders) = self.Respond(received);
            context.Response.StatusCode = status;
            if (contentType.Length > 0)
            {
                context.Response.ContentType = contentType;
            }

            foreach (var (name, value) in extraHeaders ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            if (self.SendHeadersFirst)
            {
                await context.Response.StartAsync();
            }

            await context.Response.Body.WriteAsync(responseBody);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        self = new RecordingUpstream(app, new Uri(address.TrimEnd('/') + "/"));
        return self;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
