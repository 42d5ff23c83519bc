using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PrivacyGuard.Keys;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// <see cref="IDataKeyStore"/> over the privacy store. Each call uses a context of its own from the pooled factory.
/// </summary>
/// <remarks>
/// <para>First writes are safe across threads and processes: the candidate is inserted with
/// <c>INSERT ... ON CONFLICT (subject_id) DO NOTHING</c> (PostgreSQL and SQLite alike), so the primary key lets exactly
/// one writer in, and every writer then reads back the row that won. The batch methods do the same for up to
/// <see cref="BatchSize"/> subjects per transaction, rows in ordinal subject order (so concurrent batches take row locks
/// in one order and cannot deadlock): on PostgreSQL one multi-row insert and one <c>IN (...)</c> read-back of the
/// winners; on SQLite a single-row insert stepped per row, reading back only the rows another writer got first.</para>
/// <para>A deletion records a tombstone in <c>shredded_subjects</c> (subject id and time, no key material) in the same
/// transaction, upserted with <c>ON CONFLICT (subject_id) DO UPDATE</c>, whether or not a key existed: an erasure request
/// for a subject without a key is still an erasure. The tombstone outlives any key the subject gets later.</para>
/// <para>Deletions and re-wrappings are announced: on PostgreSQL by <c>pg_notify</c> in the same transaction (delivered
/// to every instance when it commits), on SQLite through the in-process feed after it commits.</para>
/// </remarks>
internal sealed class EfDataKeyStore(PrivacyStoreContextFactory contexts, InProcessDataKeyChangeFeed localFeed) : IDataKeyStore
{
    private const int MaxSubjectIdLength = 200;
    private const int MaxPageSize = 10_000;

    /// <summary>Subjects per statement in the batch methods: 5 parameters a row stays far below either store's limit.</summary>
    internal const int BatchSize = 500;

    private static readonly string InsertColumns = "(subject_id, data_key_id, kek_id, wrapped_key, created_at) VALUES ({0}, {1}, {2}, {3}, {4}) ON CONFLICT (subject_id) DO NOTHING";

    private static readonly string TombstoneColumns = "(subject_id, shredded_at) VALUES ({0}, {1}) ON CONFLICT (subject_id) DO UPDATE SET shredded_at = excluded.shredded_at";

    private bool IsPostgreSql => contexts.Provider == PrivacyStoreProvider.PostgreSql;

    public async ValueTask<WrappedDataKey?> FindAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ValidateSubjectId(subjectId);
        var context = contexts.CreateDbContext();
        await using (context.ConfigureAwait(false))
        {
            try
            {
                var record = await FindRecordAsync(context, subjectId, cancellationToken).ConfigureAwait(false);
                return record?.ToWrappedDataKey();
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                throw StoreFailures.Unavailable(context.StoreName, "finding a data key", e);
            }
        }
    }

    public async ValueTask<WrappedDataKey> GetOrAddAsync(WrappedDataKey candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ValidateSubjectId(candidate.SubjectId);
        ArgumentException.ThrowIfNullOrEmpty(candidate.KekId);
        ArgumentNullException.ThrowIfNull(candidate.WrappedKey);
        var row = SubjectKeyRecord.From(candidate);
        var context = contexts.CreateDbContext();
        await using (context.ConfigureAwait(false))
        {
            try
            {
                var insert = "INSERT INTO " + context.SubjectKeysTable + " " + InsertColumns;

                // A row deleted between our insert and our read (a shred racing a first write) sends us round again.
                for (var attempt = 0; ; attempt++)
                {
                    await context.Database.ExecuteSqlRawAsync(
                        insert,
                        [row.SubjectId, row.DataKeyId, row.KekId, row.WrappedKey, row.CreatedAt],
                        cancellationToken).ConfigureAwait(false);
                    var stored = await FindRecordAsync(context, row.SubjectId, cancellationToken).ConfigureAwait(false);
                    if (stored is not null)
                    {
                        return stored.ToWrappedDataKey();
                    }

                    if (attempt == 2)
                    {
                        throw new InvalidOperationException("The subject's data key was deleted each time it was written; giving up after three attempts.");
                    }
                }
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                throw StoreFailures.Unavailable(context.StoreName, "storing a data key", e);
            }
        }
    }

    public async ValueTask<IReadOnlyDictionary<string, WrappedDataKey>> FindManyAsync(IReadOnlyCollection<string> subjectIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectIds);
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var subjectId in subjectIds)
        {
            ValidateSubjectId(subjectId);
            ids.Add(subjectId);
        }

        var found = new Dictionary<string, WrappedDataKey>(ids.Count, StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return found;
        }

        var context = contexts.CreateDbContext();
        await using (context.ConfigureAwait(false))
        {
            try
            {
                foreach (var chunk in ids.Chunk(BatchSize))
                {
                    foreach (var record in await FindRecordsAsync(context, chunk, cancellationToken).ConfigureAwait(false))
                    {
                        found[record.SubjectId] = record.ToWrappedDataKey();
                    }
                }
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                throw StoreFailures.Unavailable(context.StoreName, "finding data keys", e);
            }
        }

        return found;
    }

    public async ValueTask<IReadOnlyDictionary<string, WrappedDataKey>> GetOrAddManyAsync(IReadOnlyCollection<WrappedDataKey> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);

        // The first candidate per subject, in ordinal subject order (one lock order for every writer).
        var rows = new SortedDictionary<string, SubjectKeyRecord>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            ArgumentNullException.ThrowIfNull(candidate, nameof(candidates));
            ValidateSubjectId(candidate.SubjectId);
            ArgumentException.ThrowIfNullOrEmpty(candidate.KekId, nameof(candidates));
            ArgumentNullException.ThrowIfNull(candidate.WrappedKey, nameof(candidates));
            rows.TryAdd(candidate.SubjectId, SubjectKeyRecord.From(candidate));
        }

        var stored = new Dictionary<string, WrappedDataKey>(rows.Count, StringComparer.Ordinal);
        if (rows.Count == 0)
        {
            return stored;
        }

        var context = contexts.CreateDbContext();
        await using (context.ConfigureAwait(false))
        {
            try
            {
                foreach (var chunk in rows.Values.Chunk(BatchSize))
                {
                    await GetOrAddChunkAsync(context, IsPostgreSql, chunk, stored, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                throw StoreFailures.Unavailable(context.StoreName, "storing data keys", e);
            }
        }

        return stored;
    }

    public async ValueTask<bool> DeleteAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ValidateSubjectId(subjectId);
        int deleted;
        var context = contexts.CreateDbContext();
        await using (context.ConfigureAwait(false))
        {
            try
            {
                deleted = await ChangeAndAnnounceAsync(
                    context,
                    subjectId,
                    async ct =>
                    {
                        if (!IsPostgreSql)
                        {
                            // SQLite overwrites the deleted row with zeros instead of leaving it in the page's free space.
                            await context.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON", ct).ConfigureAwait(false);
                        }

                        var deletedKeys = await context.SubjectKeys.Where(k => k.SubjectId == subjectId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
                        await RecordTombstoneAsync(context, subjectId, ct).ConfigureAwait(false);
                        return deletedKeys;
                    },
                    cancellationToken).ConfigureAwait(false);
                if (deleted > 0 && !IsPostgreSql)
                {
                    await DropOlderPageCopiesAsync(context, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                throw StoreFailures.Unavailable(context.StoreName, "deleting a data key", e);
            }
        }

        return deleted > 0;
    }

    public async ValueTask<bool> WasShreddedAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ValidateSubjectId(subjectId);
        var context = contexts.CreateDbContext();
        await using (context.ConfigureAwait(false))
        {
            try
            {
                return await context.ShreddedSubjects.AsNoTracking().AnyAsync(t => t.SubjectId == subjectId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                throw StoreFailures.Unavailable(context.StoreName, "checking whether a subject was shredded", e);
            }
        }
    }

    public async ValueTask<bool> ReplaceWrappingAsync(string subjectId, uint dataKeyId, string expectedKekId, string newKekId, byte[] newWrappedKey, CancellationToken cancellationToken = default)
    {
        ValidateSubjectId(subjectId);
        ArgumentException.ThrowIfNullOrEmpty(expectedKekId);
        ArgumentException.ThrowIfNullOrEmpty(newKekId);
        ArgumentNullException.ThrowIfNull(newWrappedKey);
        long id = dataKeyId;
        int updated;
        var context = contexts.CreateDbContext();
        await using (context.ConfigureAwait(false))
        {
            try
            {
                updated = await ChangeAndAnnounceAsync(
                    context,
                    subjectId,
                    ct => context.SubjectKeys
                        .Where(k => k.SubjectId == subjectId && k.DataKeyId == id && k.KekId == expectedKekId)
                        .ExecuteUpdateAsync(set => set.SetProperty(k => k.KekId, newKekId).SetProperty(k => k.WrappedKey, newWrappedKey), ct),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                throw StoreFailures.Unavailable(context.StoreName, "re-wrapping a data key", e);
            }
        }

        return updated > 0;
    }

    public async ValueTask<IReadOnlyList<WrappedDataKey>> ListWrappedOtherThanAsync(string kekId, string? afterSubjectId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kekId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        var context = contexts.CreateDbContext();
        await using (context.ConfigureAwait(false))
        {
            try
            {
                var query = context.SubjectKeys.AsNoTracking().Where(k => k.KekId != kekId);
                if (afterSubjectId is not null)
                {
#pragma warning disable CA1309, CA1310 // Translated to SQL "subject_id > @after" (binary/"C" collation), not run in .NET.
                    query = query.Where(k => string.Compare(k.SubjectId, afterSubjectId) > 0);
#pragma warning restore CA1309, CA1310
                }

                var records = await query.OrderBy(k => k.SubjectId).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
                return records.ConvertAll(r => r.ToWrappedDataKey());
            }
            catch (Exception e) when (StoreFailures.IsUnavailable(e))
            {
                throw StoreFailures.Unavailable(context.StoreName, "listing data keys", e);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="change"/> (one or more statements) in one transaction and, when it touched a key, announces
    /// it: on PostgreSQL with <c>pg_notify</c> in that transaction, so other instances hear of it exactly when it
    /// commits; on SQLite in-process once it has committed.
    /// </summary>
    private async Task<int> ChangeAndAnnounceAsync(PrivacyStoreDbContext context, string subjectId, Func<CancellationToken, Task<int>> change, CancellationToken cancellationToken)
    {
        int changed;
        var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            changed = await change(cancellationToken).ConfigureAwait(false);
            if (changed > 0 && IsPostgreSql)
            {
                await context.Database.ExecuteSqlRawAsync(
                    "SELECT pg_notify({0}, {1})",
                    [StoreTables.DataKeyChannel, subjectId],
                    cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (changed > 0 && !IsPostgreSql)
        {
            localFeed.Publish(subjectId);
        }

        return changed;
    }

    /// <summary>
    /// SQLite: copies the write-ahead log into the database file and empties it, so that the log's older copies of the
    /// page that held a deleted key go, and the file's own copy is replaced by the zeroed one. A reader holding an old
    /// snapshot at that moment keeps the log's frames alive; they are then overwritten by later writes and checkpoints,
    /// and the erasure itself (the key gone from every query, the tombstone) stands either way.
    /// </summary>
    private static Task<int> DropOlderPageCopiesAsync(PrivacyStoreDbContext context, CancellationToken cancellationToken) =>
        context.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);

    /// <summary>Inserts the subject's tombstone, or moves its time forward when one exists. No key material.</summary>
    private static Task<int> RecordTombstoneAsync(PrivacyStoreDbContext context, string subjectId, CancellationToken cancellationToken)
    {
        // The table name comes from the model (quoted by the provider); the values travel as parameters.
        var upsert = "INSERT INTO " + context.ShreddedSubjectsTable + " " + TombstoneColumns;
        return context.Database.ExecuteSqlRawAsync(upsert, [subjectId, DateTimeOffset.UtcNow], cancellationToken);
    }

    /// <summary>
    /// Inserts the rows of one chunk (those whose subject has a key already are skipped by the primary key) and reads
    /// back the winners, in one transaction. Rows deleted between insert and read-back (a shred racing a first write)
    /// are inserted again, as in <see cref="GetOrAddAsync"/>.
    /// </summary>
    private static async Task GetOrAddChunkAsync(PrivacyStoreDbContext context, bool postgreSql, SubjectKeyRecord[] chunk, Dictionary<string, WrappedDataKey> stored, CancellationToken cancellationToken)
    {
        var pending = chunk;
        for (var attempt = 0; ; attempt++)
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (postgreSql)
                {
                    await InsertPostgreSqlAsync(context, pending, stored, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await InsertSqliteAsync(context, transaction.GetDbTransaction(), pending, stored, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            pending = [.. pending.Where(r => !stored.ContainsKey(r.SubjectId))];
            if (pending.Length == 0)
            {
                return;
            }

            if (attempt == 2)
            {
                throw new InvalidOperationException("A subject's data key was deleted each time it was written; giving up after three attempts.");
            }
        }
    }

    /// <summary>PostgreSQL, one chunk: one multi-row insert, then one <c>IN (...)</c> read-back of the winners.</summary>
    private static async Task InsertPostgreSqlAsync(PrivacyStoreDbContext context, SubjectKeyRecord[] rows, Dictionary<string, WrappedDataKey> stored, CancellationToken cancellationToken)
    {
        // The table name comes from the model (quoted by the provider); every value travels as a parameter.
        var sql = new StringBuilder("INSERT INTO ").Append(context.SubjectKeysTable).Append(" (subject_id, data_key_id, kek_id, wrapped_key, created_at) VALUES ");
        var parameters = new object[rows.Length * 5];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var p = i * 5;
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}}, {{{p + 4}}})");
            parameters[p] = row.SubjectId;
            parameters[p + 1] = row.DataKeyId;
            parameters[p + 2] = row.KekId;
            parameters[p + 3] = row.WrappedKey;
            parameters[p + 4] = row.CreatedAt;
        }

        sql.Append(" ON CONFLICT (subject_id) DO NOTHING");
        await context.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken).ConfigureAwait(false);
        foreach (var winner in await FindRecordsAsync(context, [.. rows.Select(r => r.SubjectId)], cancellationToken).ConfigureAwait(false))
        {
            stored[winner.SubjectId] = winner.ToWrappedDataKey();
        }
    }

    /// <summary>
    /// SQLite, one chunk: a single-row <c>INSERT ... ON CONFLICT DO NOTHING</c>, compiled on its first execution and
    /// stepped per row (the command keeps its prepared statement while its text stays the same). SQLite
    /// runs in-process, so a statement is no round trip; a multi-row statement would cost more, as binding looks each
    /// named parameter up by a linear scan over all of them (quadratic in the rows). A row the insert took is stored as
    /// written; rows another writer got to first are read back.
    /// </summary>
    private static async Task InsertSqliteAsync(PrivacyStoreDbContext context, DbTransaction transaction, SubjectKeyRecord[] rows, Dictionary<string, WrappedDataKey> stored, CancellationToken cancellationToken)
    {
        var entity = context.Model.FindEntityType(typeof(SubjectKeyRecord))!;
        var mappings = new[]
        {
            entity.FindProperty(nameof(SubjectKeyRecord.SubjectId))!.GetRelationalTypeMapping(),
            entity.FindProperty(nameof(SubjectKeyRecord.DataKeyId))!.GetRelationalTypeMapping(),
            entity.FindProperty(nameof(SubjectKeyRecord.KekId))!.GetRelationalTypeMapping(),
            entity.FindProperty(nameof(SubjectKeyRecord.WrappedKey))!.GetRelationalTypeMapping(),
            entity.FindProperty(nameof(SubjectKeyRecord.CreatedAt))!.GetRelationalTypeMapping(),
        };

        var taken = new List<string>();
        await using var insert = context.Database.GetDbConnection().CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO " + context.SubjectKeysTable + " (subject_id, data_key_id, kek_id, wrapped_key, created_at) VALUES (@p0, @p1, @p2, @p3, @p4) ON CONFLICT (subject_id) DO NOTHING";
        foreach (var row in rows)
        {
            insert.Parameters.Clear();
            object[] values = [row.SubjectId, row.DataKeyId, row.KekId, row.WrappedKey, row.CreatedAt];
            for (var i = 0; i < values.Length; i++)
            {
                insert.Parameters.Add(mappings[i].CreateParameter(insert, "@p" + i.ToString(CultureInfo.InvariantCulture), values[i], nullable: false));
            }

            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                stored[row.SubjectId] = row.ToWrappedDataKey();
            }
            else
            {
                taken.Add(row.SubjectId);
            }
        }

        if (taken.Count != 0)
        {
            foreach (var winner in await FindRecordsAsync(context, [.. taken], cancellationToken).ConfigureAwait(false))
            {
                stored[winner.SubjectId] = winner.ToWrappedDataKey();
            }
        }
    }

    private static Task<List<SubjectKeyRecord>> FindRecordsAsync(PrivacyStoreDbContext context, string[] subjectIds, CancellationToken cancellationToken) =>
        context.SubjectKeys.AsNoTracking().Where(k => subjectIds.Contains(k.SubjectId)).ToListAsync(cancellationToken);

    private static Task<SubjectKeyRecord?> FindRecordAsync(PrivacyStoreDbContext context, string subjectId, CancellationToken cancellationToken) =>
        context.SubjectKeys.AsNoTracking().SingleOrDefaultAsync(k => k.SubjectId == subjectId, cancellationToken);

    private static void ValidateSubjectId(string subjectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        if (subjectId.Length > MaxSubjectIdLength)
        {
            throw new ArgumentException($"A subject id has at most {MaxSubjectIdLength} characters.", nameof(subjectId));
        }
    }
}
