namespace PrivacyGuard.EntityFrameworkCore.Retention;

/// <summary>What one retention purge found and did: counts per entity type, never values.</summary>
public sealed class RetentionReport
{
    /// <summary>True when the purge only counted expired rows and changed nothing.</summary>
    public required bool DryRun { get; init; }

    /// <summary>The time rows were measured against (expired: older than this minus the entity's period).</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>One entry per entity type with a retention period, in every covered context.</summary>
    public required IReadOnlyList<RetentionEntityReport> Entities { get; init; }

    /// <summary>Expired rows over all entity types.</summary>
    public int Expired => Entities.Sum(e => e.Expired);

    /// <summary>Rows deleted over all entity types.</summary>
    public int Deleted => Entities.Sum(e => e.Deleted);

    /// <summary>Rows anonymized over all entity types.</summary>
    public int Anonymized => Entities.Sum(e => e.Anonymized);
}

/// <summary>The counts of one entity type in one retention purge.</summary>
public sealed class RetentionEntityReport
{
    /// <summary>The DbContext type's name.</summary>
    public required string Context { get; init; }

    /// <summary>The entity type's CLR name (the root of its hierarchy).</summary>
    public required string Entity { get; init; }

    /// <summary>The retention period.</summary>
    public required TimeSpan Period { get; init; }

    /// <summary>Rows older than the period when the purge started (anonymized rows stay and are counted again by later purges).</summary>
    public required int Expired { get; init; }

    /// <summary>Rows deleted (zero in a dry run).</summary>
    public required int Deleted { get; init; }

    /// <summary>Rows whose personal data was cleared (zero in a dry run).</summary>
    public required int Anonymized { get; init; }
}
