using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PrivacyGuard.EntityFrameworkCore.Tests.AccessLog;

/// <summary>
/// Counts the database commands EF Core executes against one store database that touch the access log's tables, via
/// EF Core's diagnostic events (the store's contexts are built inside PrivacyGuard, so no interceptor can be added).
/// </summary>
internal sealed class StoreCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _database;
    private readonly IDisposable _allListeners;
    private readonly List<IDisposable> _subscriptions = [];
    private int _count;

    public StoreCommandCounter(string database)
    {
        _database = database;
        _allListeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public int Count => Volatile.Read(ref _count);

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data
            && data.Command.CommandText.Contains("access_", StringComparison.Ordinal)
            && (data.Command.Connection?.DataSource + "/" + data.Command.Connection?.Database).Contains(_database, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _allListeners.Dispose();
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
        }
    }
}
