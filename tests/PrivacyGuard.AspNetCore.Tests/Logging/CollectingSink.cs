using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace PrivacyGuard.AspNetCore.Tests.Logging;

/// <summary>Keeps every event in memory and renders them as a text sink and a JSON sink would.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    private static readonly ITextFormatter Text =
        new MessageTemplateTextFormatter("[{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}");

    private static readonly ITextFormatter Json = new JsonFormatter(renderMessage: true);

    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>All events through the text template, one line each (unless a value breaks the line).</summary>
    public string RenderText() => Render(Text);

    /// <summary>All events as JSON lines.</summary>
    public string RenderJson() => Render(Json);

    /// <summary>Text and JSON renderings together, for "never contains" assertions.</summary>
    public string RenderAll() => RenderText() + RenderJson();

    private string Render(ITextFormatter formatter)
    {
        using var writer = new StringWriter();
        foreach (var logEvent in _events)
        {
            formatter.Format(logEvent, writer);
        }

        return writer.ToString();
    }
}
