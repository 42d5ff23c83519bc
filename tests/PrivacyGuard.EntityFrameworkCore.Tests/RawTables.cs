using System.Data.Common;
using System.Globalization;
using System.Text;

namespace PrivacyGuard.EntityFrameworkCore.Tests;

/// <summary>Tables read with plain ADO.NET (no EF Core, no PrivacyGuard), to show what is really stored.</summary>
internal static class RawTables
{
    /// <summary>Every cell of <paramref name="table"/>, as text (binary cells decoded as UTF-8).</summary>
    public static async Task<List<Dictionary<string, string?>>> ReadAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Dictionary<string, string?>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(
                reader.GetName,
                i => reader.IsDBNull(i) ? null : reader.GetValue(i) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)));
        }

        return rows;
    }
}
