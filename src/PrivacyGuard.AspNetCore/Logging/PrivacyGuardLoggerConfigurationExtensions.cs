using PrivacyGuard.AspNetCore.Logging;
using Serilog.Configuration;

namespace Serilog;

/// <summary>Adds PrivacyGuard's personal-data redaction to a Serilog <see cref="LoggerConfiguration"/>.</summary>
public static class PrivacyGuardLoggerConfigurationExtensions
{
    /// <summary>
    /// Destructures objects whose type has <see cref="PrivacyGuard.PersonalDataAttribute"/> properties with those
    /// properties replaced by a <see cref="RedactionMarker"/> (or a keyed token when
    /// <see cref="PrivacyGuardLoggingOptions.Pseudonymizers"/> is set); other properties, nested objects and collections
    /// are captured as usual. Applies to values logged with <c>@</c> (<c>{@User}</c>).
    /// </summary>
    /// <param name="destructure">The destructuring configuration.</param>
    /// <param name="configure">Adjusts the options; markers only when omitted.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration WithPrivacyGuard(this LoggerDestructuringConfiguration destructure, Action<PrivacyGuardLoggingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(destructure);
        return destructure.With(new PersonalDataDestructuringPolicy(CreateReplacer(configure)));
    }

    /// <summary>
    /// Rewrites each event's property values: properties named in
    /// <see cref="PrivacyGuardLoggingOptions.PersonalPropertyNames"/> (e.g. <c>Email</c>, <c>ClientIp</c>) are replaced
    /// wherever they occur, objects of personal-data types captured as scalars become
    /// <see cref="RedactionMarker.PersonalObject"/>, and CR, LF and other control characters in text values are encoded.
    /// Register it after the enrichers that add properties (e.g. <c>FromLogContext()</c>): it sees only the properties
    /// present when it runs.
    /// </summary>
    /// <param name="enrich">The enrichment configuration.</param>
    /// <param name="configure">Adjusts the options; markers only when omitted.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration WithPrivacyGuard(this LoggerEnrichmentConfiguration enrich, Action<PrivacyGuardLoggingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(enrich);
        return enrich.With(new PrivacyGuardEnricher(CreateReplacer(configure)));
    }

    /// <summary>
    /// Writes to the sinks configured in <paramref name="configureSinks"/> through the same rewriting as
    /// <see cref="WithPrivacyGuard(LoggerEnrichmentConfiguration, Action{PrivacyGuardLoggingOptions}?)"/>, applied last,
    /// just before those sinks: it also covers properties added after enrichment (<c>ForContext(...)</c>, enrichers
    /// registered later). Events that need a change are copied, so other sinks see the original.
    /// </summary>
    /// <param name="writeTo">The sink configuration.</param>
    /// <param name="configureSinks">Adds the sinks that receive the rewritten events.</param>
    /// <param name="configure">Adjusts the options; markers only when omitted.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration PrivacyGuard(this LoggerSinkConfiguration writeTo, Action<LoggerSinkConfiguration> configureSinks, Action<PrivacyGuardLoggingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(writeTo);
        ArgumentNullException.ThrowIfNull(configureSinks);
        var rewriter = new PrivacyGuardEnricher(CreateReplacer(configure));
        return writeTo.Sink(LoggerSinkConfiguration.Wrap(inner => new PrivacyGuardSink(inner, rewriter), configureSinks));
    }

    private static LogValueReplacer CreateReplacer(Action<PrivacyGuardLoggingOptions>? configure)
    {
        var options = new PrivacyGuardLoggingOptions();
        configure?.Invoke(options);
        return new LogValueReplacer(options);
    }
}
