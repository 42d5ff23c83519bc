using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.AccessLog;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// The personal-data entities a context has materialized since its last query reader closed, counted per entity type,
/// subject and categories, so that a query records one event per group rather than one per row. Materialization is
/// synchronous and per row; recording happens when the reader closes (<see cref="PersonalDataReadInterceptor"/>).
/// Subjects are kept by id (as the materialized entities hold them) and turned into access-log tokens once per group
/// when the events are taken, not once per row. Thread-safe; an entry lives as long as its context.
/// </summary>
internal sealed class PendingReads
{
    private readonly ConditionalWeakTable<DbContext, Dictionary<(PrivacyEntity Entity, string? SubjectId), int>> _reads = [];

    public void Add(DbContext context, PrivacyEntity entity, string? subjectId)
    {
        var reads = _reads.GetValue(context, static _ => []);
        lock (reads)
        {
            var key = (entity, subjectId);
            reads[key] = reads.TryGetValue(key, out var count) ? count + 1 : 1;
        }
    }

    /// <summary>The read events buffered for <paramref name="context"/>, emptying the buffer; empty when there are none.</summary>
    public List<AccessEvent> Take(DbContext context, PrivacyGuardOptionsExtension extension)
    {
        if (!_reads.TryGetValue(context, out var reads))
        {
            return [];
        }

        KeyValuePair<(PrivacyEntity Entity, string? SubjectId), int>[] taken;
        lock (reads)
        {
            if (reads.Count == 0)
            {
                return [];
            }

            taken = [.. reads];
            reads.Clear();
        }

        var accessLog = extension.Services.AccessLog;
        return [.. taken.Select(pair => EntityAccessEvents.Create(
            extension, pair.Key.Entity.Name, AccessAction.Read, pair.Key.SubjectId is { } id ? accessLog.TokenizeSubject(id) : null,
            CategoriesOf(pair.Key.Entity), pair.Value))];
    }

    private static PersonalDataCategory[] CategoriesOf(PrivacyEntity entity) =>
        [.. entity.Properties.Select(p => p.Category).Distinct().Order()];
}
