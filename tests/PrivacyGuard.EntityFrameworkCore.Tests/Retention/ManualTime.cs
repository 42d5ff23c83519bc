namespace PrivacyGuard.EntityFrameworkCore.Tests.Retention;

/// <summary>A clock the test sets; timers still come from the system (the service's hour-long interval never fires).</summary>
public sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
