using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.AccessLog;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivacyGuard.EntityFrameworkCore.Metadata;
using PrivacyGuard.EntityFrameworkCore.Rights;
using PrivacyGuard.Restriction;

namespace PrivacyGuard.EntityFrameworkCore.Retention;

/// <summary>
/// Deletes or anonymizes rows older than their entity type's retention period (<see cref="RetainForAttribute"/> or
/// <c>RetainFor</c>) in every context registered with <c>AddRetention</c> or <c>AddSubjectRights</c>. Each row is handled as
/// erasure handles it (<see cref="OnErasureAttribute"/> policy), in batches, inside a
/// <see cref="ProcessingPurpose.LegalObligation"/> privacy scope so restricted subjects' expired rows are purged too.
/// </summary>
public sealed partial class RetentionPurger
{
    private const string Actor = "PrivacyGuard.Retention";

    private static readonly MethodInfo PurgeMethod =
        typeof(RetentionPurger).GetMethod(nameof(PurgeTypedAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly SubjectRightsContextRegistration[] _contexts;
    private readonly IServiceScopeFactory _scopes;
    private readonly IPrivacyScope _privacyScope;
    private readonly TimeProvider _time;
    private readonly LastGoodOptions<RetentionOptions> _options;
    private readonly ILogger<RetentionPurger> _logger;
    private readonly IAccessLog _accessLog;

    internal RetentionPurger(
        IEnumerable<SubjectRightsContextRegistration> contexts,
        IServiceScopeFactory scopes,
        IPrivacyScope privacyScope,
        TimeProvider time,
        LastGoodOptions<RetentionOptions> options,
        ILogger<RetentionPurger> logger,
        IAccessLog accessLog)
    {
        _accessLog = accessLog;
        _contexts = [.. contexts.DistinctBy(c => c.ContextType)];
        _scopes = scopes;
        _privacyScope = privacyScope;
        _time = time;
        _options = options;
        _logger = logger;
    }

    /// <summary>Purges every expired row now, or with <paramref name="dryRun"/> only counts them.</summary>
    /// <param name="dryRun">Count expired rows per entity type without changing anything.</param>
    /// <param name="cancellationToken">Cancels between batches; batches already saved stay saved.</param>
    /// <returns>The counts per entity type.</returns>
    public async Task<RetentionReport> PurgeAsync(bool dryRun, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var batchSize = _options.Current.BatchSize;
        if (batchSize <= 0)
        {
            throw new InvalidOperationException($"{RetentionOptions.SectionName}:BatchSize must be positive.");
        }

        var entities = new List<RetentionEntityReport>();
        using (_privacyScope.BeginScope(ProcessingPurpose.LegalObligation, Actor))
        {
            foreach (var registration in _contexts)
            {
                using var scope = _scopes.CreateScope();
                var db = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
                foreach (var entityType in db.Model.GetEntityTypes())
                {
                    if (entityType.BaseType is not null || PersonalDataAnnotations.RetentionPeriodOf(entityType) is not { } period
                        || PersonalDataAnnotations.RetentionTimestampOf(entityType) is not { } timestampName
                        || entityType.FindProperty(timestampName) is not { } timestamp)
                    {
                        continue;
                    }

                    var cutoff = now - period;
                    var task = (Task<RetentionEntityReport>)PurgeMethod.MakeGenericMethod(entityType.ClrType)
                        .Invoke(null, [db, entityType, timestamp, period, cutoff, dryRun, batchSize, cancellationToken])!;
                    var report = await task.ConfigureAwait(false);
                    entities.Add(report);
                    if (!dryRun && report.Deleted + report.Anonymized > 0)
                    {
                        // The rows' deletes and anonymizing writes were recorded by each save; this sums the purge up.
                        await _accessLog.RecordAsync(
                            new AccessEvent
                            {
                                Action = AccessAction.Purge,
                                Outcome = AccessOutcome.Succeeded,
                                Resource = report.Entity,
                                Purpose = ProcessingPurpose.LegalObligation,
                                Actor = Actor,
                                Categories = PrivacyModel.For(db.Model).TryGet(entityType, out var info) ? [.. info.Properties.Select(p => p.Category).Distinct().Order()] : [],
                                Count = report.Deleted + report.Anonymized,
                            },
                            cancellationToken).ConfigureAwait(false);
                    }

                    LogEntity(_logger, dryRun ? "dry run" : "purge", report.Context, report.Entity, report.Expired, report.Deleted, report.Anonymized);
                }
            }
        }

        return new RetentionReport { DryRun = dryRun, Now = now, Entities = entities };
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Retention {Mode} of {Context}.{Entity}: {Expired} expired, {Deleted} deleted, {Anonymized} anonymized rows.")]
    private static partial void LogEntity(ILogger logger, string mode, string context, string entity, int expired, int deleted, int anonymized);

    private static async Task<RetentionEntityReport> PurgeTypedAsync<TEntity>(
        DbContext db, IEntityType entityType, IProperty timestamp, TimeSpan period, DateTimeOffset cutoff, bool dryRun, int batchSize, CancellationToken cancellationToken)
        where TEntity : class
    {
        var expired = Expired<TEntity>(db, entityType, timestamp, cutoff);
        var count = await expired.CountAsync(cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        var anonymized = 0;
        if (!dryRun && count > 0)
        {
            var model = PrivacyModel.For(db.Model);
            var subjectProperty = entityType.GetProperties().FirstOrDefault(PersonalDataAnnotations.IsSubjectId);
            var tracking = db.ChangeTracker.QueryTrackingBehavior;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // Ordered by key: deleted rows leave the set, anonymized rows stay in front of the unprocessed ones.
                var batch = await expired.AsTracking().Skip(anonymized).Take(batchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }

                // Rows about to be deleted take their client-resolved dependents (an optional relationship's foreign key is
                // set to null only on tracked rows) along, as erasure does.
                await ClientResolvedDependents.LoadAsync(
                    db, batch.Where(row => EfDataSubjectRights.ActionFor(db.Entry(row).Metadata, subjectProperty) == ErasureAction.Delete), cancellationToken).ConfigureAwait(false);
                foreach (var row in batch)
                {
                    var entry = db.Entry(row);
                    if (EfDataSubjectRights.ActionFor(entry.Metadata, subjectProperty) == ErasureAction.Delete)
                    {
                        entry.State = EntityState.Deleted;
                        deleted++;
                    }
                    else
                    {
                        EfDataSubjectRights.Anonymize(entry, model);
                        anonymized++;
                    }
                }

                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                if (batch.Count < batchSize)
                {
                    break;
                }
            }

            db.ChangeTracker.QueryTrackingBehavior = tracking;
        }

        return new RetentionEntityReport
        {
            Context = db.GetType().Name,
            Entity = entityType.ClrType.Name,
            Period = period,
            Expired = count,
            Deleted = deleted,
            Anonymized = anonymized,
        };
    }

    /// <summary>e =&gt; EF.Property&lt;T&gt;(e, "timestamp") &lt; cutoff (a parameter), ordered by the primary key.</summary>
    private static IQueryable<TEntity> Expired<TEntity>(DbContext db, IEntityType entityType, IProperty timestamp, DateTimeOffset cutoff)
        where TEntity : class
    {
        var type = Nullable.GetUnderlyingType(timestamp.ClrType) ?? timestamp.ClrType;
        if (type == typeof(DateTimeOffset) && timestamp.GetTypeMapping().Converter is null
            && string.Equals(db.Database.ProviderName, "Microsoft.EntityFrameworkCore.Sqlite", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{entityType.ClrType.Name}.{timestamp.Name} measures retention, but SQLite cannot compare DateTimeOffset values; "
                + "store it with HasConversion(new DateTimeOffsetToBinaryConverter()) or make it a UTC DateTime.");
        }

        object bound = type == typeof(DateTimeOffset) ? (object)cutoff : (object)cutoff.UtcDateTime;
        var box = new Box(bound);
        var e = Expression.Parameter(typeof(TEntity), "e");
        var column = Expression.Call(typeof(EF), nameof(EF.Property), [timestamp.ClrType], e, Expression.Constant(timestamp.Name));
        var value = Expression.Convert(Expression.Property(Expression.Constant(box), nameof(Box.Value)), timestamp.ClrType);
        IQueryable<TEntity> query = db.Set<TEntity>().Where(Expression.Lambda<Func<TEntity, bool>>(Expression.LessThan(column, value), e));
        IOrderedQueryable<TEntity>? ordered = null;
        foreach (var key in entityType.FindPrimaryKey()?.Properties ?? [])
        {
            var name = key.Name;
            ordered = ordered is null
                ? query.OrderBy(x => EF.Property<object>(x, name))
                : ordered.ThenBy(x => EF.Property<object>(x, name));
        }

        return ordered ?? query;
    }

    private sealed class Box(object value)
    {
        public object Value { get; } = value;
    }
}
