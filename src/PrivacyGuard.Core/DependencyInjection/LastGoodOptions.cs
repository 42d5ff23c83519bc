using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace PrivacyGuard;

/// <summary>
/// Options that follow configuration reloads but never take an invalid value. They are built and validated through the
/// options factory when this object is created (an invalid configuration throws <see cref="OptionsValidationException"/>
/// there, which stops start-up when the owner is created at start-up), then rebuilt on every change of their
/// change-token sources. A change that fails validation is logged with the settings it names and ignored, and so is one
/// the binder cannot read (a value of the wrong type; logged without the value):
/// <see cref="Current"/> keeps the last valid value until a valid change. Unlike an options monitor, nothing here throws
/// from a reload or from <see cref="Current"/>.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
public sealed class LastGoodOptions<TOptions> : IDisposable
    where TOptions : class
{
    private readonly IOptionsFactory<TOptions> _factory;
    private readonly ILogger<LastGoodOptions<TOptions>> _logger;
    private readonly IDisposable[] _subscriptions;
    private volatile TOptions _current;

    /// <summary>Builds the options now and subscribes to <paramref name="sources"/>.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public LastGoodOptions(IOptionsFactory<TOptions> factory, IEnumerable<IOptionsChangeTokenSource<TOptions>> sources, ILogger<LastGoodOptions<TOptions>> logger)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(logger);
        _factory = factory;
        _logger = logger;
        _current = factory.Create(Options.DefaultName);
        _subscriptions = [.. sources.Where(s => s.Name is null || s.Name == Options.DefaultName).Select(s => ChangeToken.OnChange(s.GetChangeToken, Reload))];
    }

    /// <summary>The last valid options.</summary>
    public TOptions Current => _current;

    /// <summary>Stops following changes.</summary>
    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    private void Reload()
    {
        try
        {
            _current = _factory.Create(Options.DefaultName);
        }
        catch (OptionsValidationException invalid)
        {
            LastGoodOptionsLog.Rejected(_logger, typeof(TOptions).Name, invalid.Message);
        }
        catch (Exception unreadable) when (unreadable is InvalidOperationException or FormatException or ArgumentException)
        {
            // A value the binder cannot convert, or a configure delegate that fails. The message is not logged: the
            // binder's names the raw value, which may be a secret (an API key).
            LastGoodOptionsLog.Unreadable(_logger, typeof(TOptions).Name, unreadable.GetType().Name);
        }
    }
}

/// <summary>The log messages of <see cref="LastGoodOptions{TOptions}"/>.</summary>
internal static partial class LastGoodOptionsLog
{
    [LoggerMessage(EventId = 90, Level = LogLevel.Warning, Message = "Changed {Options} settings are invalid and were not applied; the last good ones stay in force: {Failures}")]
    public static partial void Rejected(ILogger logger, string options, string failures);

    [LoggerMessage(EventId = 91, Level = LogLevel.Warning, Message = "Changed {Options} settings could not be read ({Error}: a value of the wrong type?) and were not applied; the last good ones stay in force")]
    public static partial void Unreadable(ILogger logger, string options, string error);
}
