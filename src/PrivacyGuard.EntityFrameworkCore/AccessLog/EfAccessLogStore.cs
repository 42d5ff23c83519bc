using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using PrivacyGuard.AccessLog;
using SQLitePCL;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// <see cref="IAccessLogStore"/> over the privacy store's <c>access_events</c> and <c>access_log_heads</c> tables. An
/// append is one transaction: on PostgreSQL one multi-row <c>INSERT</c> of up to <see cref="RowsPerStatement"/> events,
/// binary <c>COPY</c> beyond that, on SQLite one prepared single-row statement stepped per event (bound by position, only
/// what changed from the previous event), then the
/// chain head, inserted for a new chain or updated only where it still holds the previous sequence (so two writers
/// can never fork a chain). A thread-safe singleton: each call uses its own short-lived context.
/// </summary>
internal sealed class EfAccessLogStore(PrivacyStoreContextFactory contexts) : IAccessLogStore
{
    /// <summary>Events per PostgreSQL INSERT (16 parameters each); larger batches go by binary COPY.</summary>
    public const int RowsPerStatement = 500;

    private long _commands;

    /// <summary>How many commands this store's appends have executed (round trips, for tests).</summary>
    internal long CommandsExecuted => Interlocked.Read(ref _commands);

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

        // Plain ADO.NET commands in EF Core's transaction: EF's raw-SQL path costs far more per parameter than the insert.
        var connection = context.Database.GetDbConnection();
        var dbTransaction = transaction.GetDbTransaction();
        if (connection is NpgsqlConnection npgsql && events.Count > RowsPerStatement)
        {
            await CopyPostgreSqlAsync(npgsql, context.AccessEventsTable, events, cancellationToken).ConfigureAwait(false);
        }
        else if (contexts.Provider == PrivacyStoreProvider.PostgreSql)
        {
            await using var insert = InsertCommand(connection, dbTransaction, context.AccessEventsTable, events, 0, events.Count);
            await ExecuteAsync(insert, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            InsertSqlite((SqliteConnection)connection, context.AccessEventsTable, events, cancellationToken);
        }
        var previousSequence = events[0].Sequence - 1;

        // The table name comes from the model (quoted by the provider); the values travel as parameters.
        await using var setHead = connection.CreateCommand();
        setHead.Transaction = dbTransaction;
        setHead.CommandText = previousSequence == 0
            ? "INSERT INTO " + context.AccessLogHeadsTable + " (chain, key_id, last_sequence, last_hash, mac, updated_at) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)"
            : "UPDATE " + context.AccessLogHeadsTable + " SET key_id = @p1, last_sequence = @p2, last_hash = @p3, mac = @p4, updated_at = @p5 WHERE chain = @p0 AND last_sequence = @p6";
        Add(setHead, 0, head.Chain);
        Add(setHead, 1, head.KeyId);
        Add(setHead, 2, head.LastSequence);
        Add(setHead, 3, head.LastHash);
        Add(setHead, 4, head.Mac);
        Add(setHead, 5, DateTime.UtcNow);
        if (previousSequence != 0)
        {
            Add(setHead, 6, previousSequence);
        }

        if (await ExecuteAsync(setHead, cancellationToken).ConfigureAwait(false) != 1)
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

    /// <summary>
    /// PostgreSQL, more events than one INSERT takes: binary <c>COPY</c> in the batch's transaction, one stream for the
    /// whole batch with no per-parameter binding.
    /// </summary>
    private async Task CopyPostgreSqlAsync(NpgsqlConnection connection, string table, IReadOnlyList<StoredAccessEvent> events, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _commands);
        var importer = await connection.BeginBinaryImportAsync("COPY " + table + " (" + Columns + ") FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var e in events)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Chain, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Sequence, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.KeyId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Action, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Outcome, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Resource, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, e.SubjectToken, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Purpose, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Actor, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Categories, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, e.ClientAddress, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Count, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, e.Reason, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.PreviousHash, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(e.Hash, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    /// <summary>
    /// SQLite runs in-process, so a statement is no round trip; what costs is binding. One single-row statement,
    /// prepared once on the connection's own handle and stepped per event inside the batch's transaction (which EF Core
    /// began on this connection), with its parameters bound by position. A binding holds across steps, so only the
    /// values that differ from the previous event's are bound again: a batch's chain, key, action, purpose, actor and
    /// most often its time and categories are bound once, not per row. Any error but done throws the provider's
    /// <see cref="SqliteException"/>, which fails the batch and rolls its transaction back.
    /// </summary>
    private void InsertSqlite(SqliteConnection connection, string table, IReadOnlyList<StoredAccessEvent> events, CancellationToken cancellationToken)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var sql = new StringBuilder(64 + Columns.Length + (16 * 5)).Append("INSERT INTO ").Append(table).Append(" (").Append(Columns).Append(") VALUES (");
        for (var i = 1; i <= 16; i++)
        {
            sql.Append(i == 1 ? "?" : ", ?").Append(i);
        }

        Check(raw.sqlite3_prepare_v2(db, sql.Append(')').ToString(), out var statement), db);
        using (statement)
        {
            Interlocked.Increment(ref _commands);
            StoredAccessEvent? previous = null;
            foreach (var e in events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                BindText(statement, db, 1, e.Chain, previous?.Chain, previous is null);
                Check(raw.sqlite3_bind_int64(statement, 2, e.Sequence), db);
                BindText(statement, db, 3, e.KeyId, previous?.KeyId, previous is null);
                if (previous is null || previous.OccurredAt != e.OccurredAt)
                {
                    // The text form EF Core's SQLite provider writes and reads for a DateTime.
                    Check(raw.sqlite3_bind_text(statement, 4, e.OccurredAt.UtcDateTime.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)), db);
                }

                BindText(statement, db, 5, e.Action, previous?.Action, previous is null);
                BindText(statement, db, 6, e.Outcome, previous?.Outcome, previous is null);
                BindText(statement, db, 7, e.Resource, previous?.Resource, previous is null);
                BindText(statement, db, 8, e.SubjectToken, previous?.SubjectToken, previous is null);
                BindText(statement, db, 9, e.Purpose, previous?.Purpose, previous is null);
                BindText(statement, db, 10, e.Actor, previous?.Actor, previous is null);
                BindText(statement, db, 11, e.Categories, previous?.Categories, previous is null);
                BindText(statement, db, 12, e.ClientAddress, previous?.ClientAddress, previous is null);
                Check(raw.sqlite3_bind_int64(statement, 13, e.Count), db);
                BindText(statement, db, 14, e.Reason, previous?.Reason, previous is null);
                BindText(statement, db, 15, e.PreviousHash, previous?.PreviousHash, previous is null);
                BindText(statement, db, 16, e.Hash, previous?.Hash, previous is null);

                var done = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (done != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(done, db);
                    throw new InvalidOperationException("The access event insert did not complete.");
                }

                previous = e;
            }
        }
    }

    private static void BindText(sqlite3_stmt statement, sqlite3 db, int index, string? value, string? previous, bool first)
    {
        if (!first && string.Equals(value, previous, StringComparison.Ordinal))
        {
            return;
        }

        Check(value is null ? raw.sqlite3_bind_null(statement, index) : raw.sqlite3_bind_text(statement, index, value), db);
    }

    private static void Check(int result, sqlite3 db)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, db);
        }
    }

    private static DbCommand InsertCommand(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<StoredAccessEvent> events, int start, int count)
    {
        const int perRow = 16;
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder(64 + (count * 150));
        sql.Append("INSERT INTO ").Append(table).Append(" (").Append(Columns).Append(") VALUES ");
        for (var row = 0; row < count; row++)
        {
            var e = events[start + row];
            var p = row * perRow;
            sql.Append(row == 0 ? "(" : ", (");
            for (var i = 0; i < perRow; i++)
            {
                sql.Append(i == 0 ? "@p" : ", @p").Append(p + i);
            }

            sql.Append(')');
            Add(command, p, e.Chain);
            Add(command, p + 1, e.Sequence);
            Add(command, p + 2, e.KeyId);
            Add(command, p + 3, e.OccurredAt.UtcDateTime);
            Add(command, p + 4, e.Action);
            Add(command, p + 5, e.Outcome);
            Add(command, p + 6, e.Resource);
            Add(command, p + 7, e.SubjectToken);
            Add(command, p + 8, e.Purpose);
            Add(command, p + 9, e.Actor);
            Add(command, p + 10, e.Categories);
            Add(command, p + 11, e.ClientAddress);
            Add(command, p + 12, e.Count);
            Add(command, p + 13, e.Reason);
            Add(command, p + 14, e.PreviousHash);
            Add(command, p + 15, e.Hash);
        }

        command.CommandText = sql.ToString();
        return command;
    }

    private static void Add(DbCommand command, int index, string? value) => Add(command, index, value, DbType.String);

    private static void Add(DbCommand command, int index, long value) => Add(command, index, value, DbType.Int64);

    // A UTC DateTime: each provider infers its own type (timestamptz on PostgreSQL, EF Core's text form on SQLite).
    private static void Add(DbCommand command, int index, DateTime value) => Add(command, index, value, null);

    private static void Add(DbCommand command, int index, object? value, DbType? type)
    {
        var parameter = command.CreateParameter();
        // With its prefix: Microsoft.Data.Sqlite otherwise looks every name up twice per execution (bare, then "@").
        parameter.ParameterName = "@p" + index.ToString(CultureInfo.InvariantCulture);
        if (type is { } dbType)
        {
            parameter.DbType = dbType;
        }

        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _commands);
        return command.ExecuteNonQueryAsync(cancellationToken);
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
