using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace PrivacyGuard.Gateway.Tests.Operations;

/// <summary>One measurement of a gateway instrument with its tags.</summary>
internal sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);

/// <summary>
/// Listens to the <c>PrivacyGuard.Gateway</c> meter of one gateway (its meter factory's scope), so parallel tests do not
/// see each other's measurements.
/// </summary>
internal sealed class GatewayMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly SemaphoreSlim _recorded = new(0);

    public GatewayMeasurements(IServiceProvider gateway)
    {
        var scope = gateway.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "PrivacyGuard.Gateway" && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<Measurement> All => [.. _measurements];

    public double Sum(string instrument, Func<Measurement, bool>? where = null) =>
        All.Where(m => m.Instrument == instrument && (where is null || where(m))).Sum(m => m.Value);

    /// <summary>Waits (up to 10 s) until a measurement satisfying <paramref name="condition"/> has been recorded.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<Measurement>, bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition(All))
        {
            await _recorded.WaitAsync(timeout.Token);
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _recorded.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, tag) in tags)
        {
            copy[key] = tag?.ToString();
        }

        _measurements.Enqueue(new Measurement(instrument.Name, value, copy));
        _recorded.Release();
    }
}
