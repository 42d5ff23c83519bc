using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// What the databases hold, read with plain SQL (no PrivacyGuard, no EF Core): every application cell as text, which
/// subjects have encrypted values, and the store partition's data keys and tombstones.
/// </summary>
internal sealed class RawState(TestDatabases databases, Action<PrivacyStoreOptions> configureStore)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every cell of every application table, as text (binary as UTF-8).</summary>
    public async Task<List<string>> ApplicationCellsAsync()
    {
        var cells = new List<string>();
        foreach (var (database, table) in new[] { ("accounts", "Accounts"), ("accounts", "People"), ("tickets", "Tickets"), ("tickets", "Newsletters") })
        {
            foreach (var row in await QueryAsync(databases.CreateRawConnection(database), $"SELECT * FROM \"{table}\""))
            {
                cells.AddRange(row);
            }
        }

        return cells;
    }

    /// <summary>Subject ids (lower-case) with at least one non-empty encrypted value in an application table.</summary>
    public async Task<HashSet<string>> SubjectsWithCiphertextAsync()
    {
        var subjects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (database, sql) in new[]
        {
            ("accounts", """SELECT "Id", "RealName", "Settings", "SearchableName", "RecoveryEmail" FROM "Accounts" """),
            ("accounts", """SELECT "Id", "Name" FROM "People" """),
            ("tickets", """SELECT "CustomerId", "ContactName", "Body" FROM "Tickets" """),
        })
        {
            foreach (var row in await QueryAsync(databases.CreateRawConnection(database), sql))
            {
                if (row.Skip(1).Any(c => c.Length != 0))
                {
                    subjects.Add(row[0].ToLowerInvariant());
                }
            }
        }

        return subjects;
    }

    /// <summary>Rows of <paramref name="table"/> (an application table) whose subject column is <paramref name="subject"/>.</summary>
    public async Task<List<string[]>> RowsOfAsync(string database, string table, string subjectColumn, Guid subject)
    {
        var rows = await QueryAsync(databases.CreateRawConnection(database), $"SELECT \"{subjectColumn}\", * FROM \"{table}\"");
        return [.. rows.Where(r => Guid.TryParse(r[0], out var id) && id == subject)];
    }

    /// <summary>The partition's data keys: subject id → (data key id, root key id).</summary>
    public async Task<Dictionary<string, (string DataKeyId, string KekId)>> KeysAsync()
    {
        var rows = await QueryStoreAsync($"SELECT subject_id, data_key_id, kek_id FROM {StoreTable(StoreTables.SubjectKeys)}");
        return rows.ToDictionary(r => r[0].ToLowerInvariant(), r => (r[1], r[2]), StringComparer.Ordinal);
    }

    /// <summary>The partition's tombstones (shredded subject ids).</summary>
    public async Task<HashSet<string>> TombstonesAsync()
    {
        var rows = await QueryStoreAsync($"SELECT subject_id FROM {StoreTable(StoreTables.ShreddedSubjects)}");
        return rows.Select(r => r[0].ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
    }

    private PrivacyStoreOptions StoreOptions()
    {
        var options = new PrivacyStoreOptions();
        configureStore(options);
        return options;
    }

    private string StoreTable(string table)
    {
        var options = StoreOptions();
        return options.Provider == PrivacyStoreProvider.Sqlite ? $"\"{table}\"" : $"\"{options.Schema}\".\"{table}\"";
    }

    private Task<List<string[]>> QueryStoreAsync(string sql)
    {
        var options = StoreOptions();
        DbConnection connection = options.Provider == PrivacyStoreProvider.Sqlite
            ? new SqliteConnection(options.ResolveSqliteConnectionString())
            : new NpgsqlConnection(options.ConnectionString);
        return QueryAsync(connection, sql);
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using (connection)
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(Ct);
            var rows = new List<string[]>();
            while (await reader.ReadAsync(Ct))
            {
                var row = new string[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    var value = reader.GetValue(i);
                    row[i] = value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                }

                rows.Add(row);
            }

            return rows;
        }
    }
}
