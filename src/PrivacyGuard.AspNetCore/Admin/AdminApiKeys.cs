using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace PrivacyGuard.AspNetCore.Admin;

/// <summary>
/// The admin API keys in force: validated when the admin API is mapped (an invalid configuration stops start-up), then
/// built and validated again on every configuration reload. A reload that fails validation is logged with the
/// settings it names (never a key) and ignored, so keyed admin calls go on with the last good keys instead of failing;
/// the next valid reload takes effect.
/// </summary>
internal sealed partial class AdminApiKeys : IDisposable
{
    private readonly IOptionsFactory<PrivacyGuardAdminOptions> _factory;
    private readonly ILogger<AdminApiKeys> _logger;
    private readonly IDisposable? _subscription;
    private volatile PrivacyGuardAdminOptions _current;

    /// <exception cref="OptionsValidationException">The admin settings are invalid.</exception>
    public AdminApiKeys(IOptionsFactory<PrivacyGuardAdminOptions> factory, ILogger<AdminApiKeys> logger, IConfiguration? configuration = null)
    {
        _factory = factory;
        _logger = logger;
        _current = factory.Create(Options.DefaultName);
        if (configuration is not null)
        {
            _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
        }
    }

    /// <summary>The last valid admin settings.</summary>
    public PrivacyGuardAdminOptions Current => _current;


    public void Dispose() => _subscription?.Dispose();

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

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Reloaded admin API settings are invalid and were not applied; the last good ones stay in force: {Failures}")]
    private static partial void LogRejected(ILogger logger, string failures);
}
