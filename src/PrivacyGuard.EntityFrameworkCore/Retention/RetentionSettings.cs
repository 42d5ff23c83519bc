using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace PrivacyGuard.EntityFrameworkCore.Retention;

/// <summary>
/// The retention settings in force: validated when first resolved (the hosted service resolves it at start-up, so an
/// invalid configuration stops the host there), then rebuilt and validated on every change of their sources (a
/// configuration reload). A change that fails validation is logged with the settings it names and ignored: the purge
/// goes on with the last good settings instead of failing, or stopping the host, until a valid change.
/// </summary>
internal sealed partial class RetentionSettings : IDisposable
{
    private readonly IOptionsFactory<RetentionOptions> _factory;
    private readonly ILogger<RetentionSettings> _logger;
    private readonly IDisposable[] _subscriptions;
    private volatile RetentionOptions _current;

    /// <exception cref="OptionsValidationException">The retention settings are invalid.</exception>
    public RetentionSettings(IOptionsFactory<RetentionOptions> factory, IEnumerable<IOptionsChangeTokenSource<RetentionOptions>> sources, ILogger<RetentionSettings> logger)
    {
        _factory = factory;
        _logger = logger;
        _current = factory.Create(Options.DefaultName);
        _subscriptions = [.. sources.Select(source => ChangeToken.OnChange(source.GetChangeToken, Reload))];
    }

    /// <summary>The last valid settings.</summary>
    public RetentionOptions Current => _current;

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
            LogRejected(_logger, invalid.Message);
        }
    }

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Changed retention settings are invalid and were not applied; the last good ones stay in force: {Failures}")]
    private static partial void LogRejected(ILogger logger, string failures);
}
