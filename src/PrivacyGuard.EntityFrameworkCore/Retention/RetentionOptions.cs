namespace PrivacyGuard.EntityFrameworkCore.Retention;

/// <summary>Settings of the retention purge, bound from <c>PrivacyGuard:Retention</c>.</summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section: <c>PrivacyGuard:Retention</c>.</summary>
    public const string SectionName = "PrivacyGuard:Retention";

    /// <summary>Time between two purges of the background service; the first runs one interval after start (default 1 hour).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When true the background service only counts and logs expired rows; nothing is changed.</summary>
    public bool DryRun { get; set; }

    /// <summary>Rows deleted or anonymized per <c>SaveChanges</c> (default 500).</summary>
    public int BatchSize { get; set; } = 500;
}
