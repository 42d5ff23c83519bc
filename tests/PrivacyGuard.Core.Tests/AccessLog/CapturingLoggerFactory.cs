using Microsoft.Extensions.Logging;

namespace PrivacyGuard.Tests.AccessLog;

/// <summary>Keeps every log entry (category, event id, rendered message, structured properties) for assertions.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Properties);

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IReadOnlyList<KeyValuePair<string, object?>> list
                ? list.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : [];
            lock (owner._lock)
            {
                owner._entries.Add(new Entry(category, logLevel, eventId, formatter(state, exception), properties));
            }
        }
    }
}
