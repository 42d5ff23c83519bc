using System.Text;
using Microsoft.Data.Sqlite;

namespace PrivacyGuard.AspNetCore.Tests.Leakage;

/// <summary>Reads what is stored under a folder without going through EF Core: every row of every SQLite table, and every file's bytes.</summary>
internal static class StoredData
{
    /// <summary>Every SQLite database file (by its header) under <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> SqliteFiles(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(IsSqliteDatabase)];

    /// <summary>Every row of every table of <paramref name="file"/>, as "table: value | value ..." lines; blobs as UTF-8 text and hex.</summary>
    public static IReadOnlyList<string> Rows(string file)
    {
        var rows = new List<string>();
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var values = new StringBuilder(table).Append(':');
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values.Append(" | ").Append(reader.GetValue(i) switch
                    {
                        byte[] blob => Encoding.UTF8.GetString(blob) + " " + Encoding.Unicode.GetString(blob) + " " + Convert.ToHexString(blob),
                        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                    });
                }

                rows.Add(values.ToString());
            }
        }

        return rows;
    }

    /// <summary>Every file under <paramref name="folder"/> (databases, -wal, -shm and -journal files, logs) with its bytes, read while others may write.</summary>
    public static IEnumerable<(string File, byte[] Bytes)> Files(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            yield return (file, copy.ToArray());
        }
    }

    private static bool IsSqliteDatabase(string file)
    {
        Span<byte> header = stackalloc byte[16];
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return stream.ReadAtLeast(header, 16, throwOnEndOfStream: false) == 16 && header.SequenceEqual("SQLite format 3\0"u8);
    }
}
