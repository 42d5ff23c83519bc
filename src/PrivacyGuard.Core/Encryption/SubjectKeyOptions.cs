namespace PrivacyGuard.Encryption;

/// <summary>Settings of the data key cache, bound from <c>PrivacyGuard:SubjectKeys</c>.</summary>
public sealed class SubjectKeyOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "PrivacyGuard:SubjectKeys";

    /// <summary>Most unwrapped data keys kept in memory. Default 10,000.</summary>
    public int CacheCapacity { get; set; } = 10_000;

    /// <summary>How long an unwrapped key stays cached. Default 5 minutes; a shred evicts at once regardless.</summary>
    public TimeSpan CacheTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lists the problems with these settings, each naming its setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CacheCapacity < 1)
        {
            errors.Add($"{SectionName}:CacheCapacity must be at least 1.");
        }

        if (CacheTimeToLive <= TimeSpan.Zero || CacheTimeToLive > TimeSpan.FromDays(1))
        {
            errors.Add($"{SectionName}:CacheTimeToLive must be between 00:00:00.001 and 1.00:00:00.");
        }

        return errors;
    }
}
