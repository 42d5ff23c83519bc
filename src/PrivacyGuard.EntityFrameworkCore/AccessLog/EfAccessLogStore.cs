using System.Data;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PrivacyGuard.AccessLog;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// <see cref="IAccessLogStore"/> over the privacy store's <c>access_events</c> and <c>access_log_heads</c> tables. An
/// append is one transaction: multi-row <c>INSERT</c>s of up to <see cref="RowsPerStatement"/> events each, then the
/// chain head, inserted for a new chain or updated only where it still holds the previous sequence (so two writers
/// can never fork a chain). A thread-safe singleton: each call uses its own short-lived context.
/// </summary>
internal sealed class EfAccessLogStore(PrivacyStoreContextFactory contexts) : IAccessLogStore
{
    /// <summary>Events per INSERT statement: 16 parameters each stays far below SQLite's and PostgreSQL's limits.</summary>
    public const int RowsPerStatement = 500;

    private const string Columns =
        "chain, sequence, key_id, occurred_at, action, outcome, resource, subject_token, purpose, actor, categories, client_address, count, reason, previous_hash, hash";

    public async Task AppendAsync(IReadOnlyList<StoredAccessEvent> events, AccessLogHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(head);
        if (events.Count == 0)
        {
            return;
        }

        await using var context = contexts.CreateDbContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        for (var start = 0; start < events.Count; start += RowsPerStatement)
        {
            var (sql, parameters) = InsertStatement(context, events, start, Math.Min(RowsPerStatement, events.Count - start));
            await context.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
        }

        var previousSequence = events[0].Sequence - 1;
        var now = DateTime.UtcNow;
        int affected;
        if (previousSequence == 0)
        {
            // The table name comes from the model (quoted by the provider); the values travel as parameters.
            var insert = "INSERT INTO " + context.AccessLogHeadsTable + " (chain, key_id, last_sequence, last_hash, mac, updated_at) VALUES ({0}, {1}, {2}, {3}, {4}, {5})";
            affected = await context.Database.ExecuteSqlRawAsync(
                insert,
                [head.Chain, head.KeyId, head.LastSequence, head.LastHash, head.Mac, now],
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var update = "UPDATE " + context.AccessLogHeadsTable
                + " SET key_id = {1}, last_sequence = {2}, last_hash = {3}, mac = {4}, updated_at = {5} WHERE chain = {0} AND last_sequence = {6}";
            affected = await context.Database.ExecuteSqlRawAsync(
                update,
                [head.Chain, head.KeyId, head.LastSequence, head.LastHash, head.Mac, now, previousSequence],
                cancellationToken).ConfigureAwait(false);
        }

        if (affected != 1)
        {
            throw new InvalidOperationException("The access log chain head was not where this writer left it; the batch was not stored.");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AccessLogHead>> ReadHeadsAsync(CancellationToken cancellationToken)
    {
        await using var context = contexts.CreateDbContext();
        var rows = await context.AccessLogHeads.AsNoTracking().OrderBy(h => h.Chain).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(h => new AccessLogHead(h.Chain, h.KeyId, h.LastSequence, h.LastHash, h.Mac))];
    }

    public async Task<IReadOnlyList<string>> ReadChainsAsync(CancellationToken cancellationToken)
    {
        await using var context = contexts.CreateDbContext();
        return await context.AccessEvents.AsNoTracking().Select(e => e.Chain).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredAccessEvent>> ReadChainAsync(string chain, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var context = contexts.CreateDbContext();
        var rows = await context.AccessEvents.AsNoTracking()
            .Where(e => e.Chain == chain && e.Sequence > afterSequence)
            .OrderBy(e => e.Sequence)
            .Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToStored)];
    }

    public async IAsyncEnumerable<StoredAccessEvent> QueryAsync(AccessLogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var context = contexts.CreateDbContext();
        var events = context.AccessEvents.AsNoTracking();
        if (query.SubjectToken is { } token)
        {
            events = events.Where(e => e.SubjectToken == token);
        }

        if (query.From is { } from)
        {
            var fromUtc = from.UtcDateTime;
            events = events.Where(e => e.OccurredAt >= fromUtc);
        }

        if (query.To is { } to)
        {
            var toUtc = to.UtcDateTime;
            events = events.Where(e => e.OccurredAt < toUtc);
        }

        if (query.Outcome is { } outcome)
        {
            var name = AccessLogNames.Of(outcome);
            events = events.Where(e => e.Outcome == name);
        }

        var rows = events.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Take(query.Limit).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return ToStored(row);
        }
    }

    private static (string Sql, object[] Parameters) InsertStatement(PrivacyStoreDbContext context, IReadOnlyList<StoredAccessEvent> events, int start, int count)
    {
        const int perRow = 16;
        var sql = new StringBuilder(64 + (count * 120));
        sql.Append("INSERT INTO ").Append(context.AccessEventsTable).Append(" (").Append(Columns).Append(") VALUES ");
        var parameters = new object[count * perRow];
        for (var row = 0; row < count; row++)
        {
            var e = events[start + row];
            var p = row * perRow;
            sql.Append(row == 0 ? "(" : ", (");
            for (var i = 0; i < perRow; i++)
            {
                sql.Append(i == 0 ? "{" : ", {").Append(p + i).Append('}');
            }

            sql.Append(')');
            parameters[p] = e.Chain;
            parameters[p + 1] = e.Sequence;
            parameters[p + 2] = e.KeyId;
            parameters[p + 3] = e.OccurredAt.UtcDateTime;
            parameters[p + 4] = e.Action;
            parameters[p + 5] = e.Outcome;
            parameters[p + 6] = e.Resource;
            parameters[p + 7] = Text(context, e.SubjectToken);
            parameters[p + 8] = e.Purpose;
            parameters[p + 9] = e.Actor;
            parameters[p + 10] = e.Categories;
            parameters[p + 11] = Text(context, e.ClientAddress);
            parameters[p + 12] = e.Count;
            parameters[p + 13] = Text(context, e.Reason);
            parameters[p + 14] = e.PreviousHash;
            parameters[p + 15] = e.Hash;
        }

        return (sql.ToString(), parameters);
    }

    // A null travels as a typed parameter: EF Core cannot map a bare DBNull.
    private static object Text(PrivacyStoreDbContext context, string? value)
    {
        if (value is not null)
        {
            return value;
        }

        using var command = context.Database.GetDbConnection().CreateCommand();
        var parameter = command.CreateParameter();
        parameter.DbType = DbType.String;
        parameter.Value = DBNull.Value;
        return parameter;
    }

    private static StoredAccessEvent ToStored(AccessEventRecord r) => new()
    {
        Chain = r.Chain,
        Sequence = r.Sequence,
        KeyId = r.KeyId,
        OccurredAt = new DateTimeOffset(DateTime.SpecifyKind(r.OccurredAt, DateTimeKind.Utc)),
        Action = r.Action,
        Outcome = r.Outcome,
        Resource = r.Resource,
        SubjectToken = r.SubjectToken,
        Purpose = r.Purpose,
        Actor = r.Actor,
        Categories = r.Categories,
        ClientAddress = r.ClientAddress,
        Count = r.Count,
        Reason = r.Reason,
        PreviousHash = r.PreviousHash,
        Hash = r.Hash,
    };
}
