using Serilog.Core;
using Serilog.Events;

namespace PrivacyGuard.AspNetCore.Logging;

/// <summary>
/// Rewrites each event (see <see cref="PrivacyGuardEnricher"/>) right before the wrapped sink, so that properties added
/// after enrichment are covered too. The wrapped sink's disposal is handled by <c>LoggerSinkConfiguration.Wrap</c>.
/// </summary>
internal sealed class PrivacyGuardSink(ILogEventSink inner, PrivacyGuardEnricher rewriter) : ILogEventSink
{
    public void Emit(LogEvent logEvent) => inner.Emit(rewriter.Copy(logEvent));
}
