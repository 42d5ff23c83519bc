using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Records the reads a query made when its data reader closes: one <c>RecordAsync</c> per query with one event per
/// entity type, subject and categories (<see cref="PendingReads"/>), plus one per entity whose personal values a
/// projection returned (<see cref="ProjectedReads"/>). Fail closed: when the access log cannot be
/// written the close throws <see cref="PrivacyGuard.AccessLog.AccessLogUnavailableException"/>, so <c>ToList</c>,
/// <c>First</c> and the like throw instead of returning the data; a caller streaming with <c>foreach</c> has already
/// seen the rows it enumerated. A thread-safe singleton.
/// </summary>
internal sealed class PersonalDataReadInterceptor : DbCommandInterceptor
{
    private PersonalDataReadInterceptor()
    {
    }

    public static PersonalDataReadInterceptor Instance { get; } = new();

    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        // Synchronous queries record synchronously (sync over async), as synchronous saves create keys.
        FlushAsync(command, eventData, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        await FlushAsync(command, eventData, CancellationToken.None).ConfigureAwait(false);
        return result;
    }

    private static ValueTask FlushAsync(DbCommand command, DataReaderClosingEventData eventData, CancellationToken cancellationToken)
    {
        if (eventData.Context is not { } context)
        {
            return ValueTask.CompletedTask;
        }

        var extension = PrivacyGuardOptionsExtension.Of(context);
        var events = PendingReads.Take(context, extension);
        events.AddRange(ProjectedReads.EventsFor(command.CommandText, () => RowsRead(eventData), extension));
        return events.Count == 0 ? ValueTask.CompletedTask : extension.Services.AccessLog.RecordAsync(events, cancellationToken);
    }

    /// <summary>
    /// The rows the query's consumer read. <c>ReadCount</c> counts calls to
    /// <c>Read</c>, including the last one that found no row when the reader was read to its end, which one more
    /// <c>Read</c> (on a reader about to close) tells apart from a consumer that stopped early.
    /// </summary>
    private static int RowsRead(DataReaderClosingEventData eventData) =>
        eventData.ReadCount == 0 ? 0 : eventData.DataReader.Read() ? eventData.ReadCount : eventData.ReadCount - 1;
}
