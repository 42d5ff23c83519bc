using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PrivacyGuard.EntityFrameworkCore.Tests;

/// <summary>Tables read with plain ADO.NET (no EF Core, no PrivacyGuard), to show what is really stored.</summary>
internal static partial class RawTables
{
    /// <summary>
    /// Whether <paramref name="secret"/> appears, ignoring case, in one of <paramref name="cells"/> that can hold text.
    /// Cells in one of PrivacyGuard's opaque forms (ciphertext <c>pg1.</c> + base64url, a keyed token, a base64 or hex
    /// blind index or hash, at least 16 characters of those alphabets and nothing else) are random characters that
    /// cannot carry a plaintext value, but a short fragment such as a first name turns up in them by chance (about once
    /// in a few hundred runs for four letters): they are left out.
    /// </summary>
    public static bool HasPlaintext(IEnumerable<string?> cells, string secret) =>
        cells.Any(c => c is not null && !IsOpaque(c) && c.Contains(secret, StringComparison.OrdinalIgnoreCase));

    private static bool IsOpaque(string cell) => OpaqueForm().IsMatch(cell);

    [GeneratedRegex(@"^(pg1\.[A-Za-z0-9_-]+|[A-Za-z0-9-]+_[a-z2-7]{26}(@[a-z0-9.-]+)?|[A-Za-z0-9+/_-]{16,}={0,2})$")]
    private static partial Regex OpaqueForm();

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
