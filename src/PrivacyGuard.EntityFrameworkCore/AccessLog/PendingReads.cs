using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.AccessLog;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// The personal-data entities each context has materialized since its last query reader closed, counted per entity
/// type, subject and categories, so that a query records one event per group rather than one per row. Materialization
/// is synchronous and per row; recording happens when the reader closes (<see cref="PersonalDataReadInterceptor"/>).
/// Process-wide, like the interceptors: an entry lives as long as its context. Thread-safe.
/// </summary>
internal static class PendingReads
{
    private static readonly ConditionalWeakTable<DbContext, ContextReads> Reads = [];

    /// <summary>The reads of <paramref name="context"/>, created at its first read with the context's PrivacyGuard services.</summary>
    public static ContextReads Of(DbContext context) =>
        Reads.TryGetValue(context, out var reads)
            ? reads
            : Reads.GetValue(context, static c => new ContextReads(PrivacyGuardOptionsExtension.Of(c).Services));

    /// <summary>The read events buffered for <paramref name="context"/>, emptying the buffer; empty when there are none.</summary>
    public static List<AccessEvent> Take(DbContext context, PrivacyGuardOptionsExtension extension) =>
        Reads.TryGetValue(context, out var reads) ? reads.Take(extension) : [];
}
