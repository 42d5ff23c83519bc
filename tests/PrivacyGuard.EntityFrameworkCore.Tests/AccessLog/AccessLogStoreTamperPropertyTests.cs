using System.Data.Common;
using System.Globalization;
using System.Text;
using CsCheck;
using PrivacyGuard.AccessLog;

namespace PrivacyGuard.EntityFrameworkCore.Tests.AccessLog;

/// <summary>
/// Single-byte edits of stored columns, made with plain SQL on the real store, are each detected by verify. The
/// exhaustive 10,000-sample version runs over the in-memory rows in the core tests; here every sample is a real
/// UPDATE, verify and restore, so fewer samples.
/// </summary>
internal static class AccessLogStoreTamperProperty
{
    private static readonly string[] TextColumns =
        ["chain", "key_id", "action", "outcome", "resource", "subject_token", "purpose", "actor", "categories", "client_address", "reason", "previous_hash", "hash"];

    private static readonly string[] NumberColumns = ["sequence", "count"];

    public static async Task RunAsync(Func<DbConnection> connect, string table, IAccessLogReader reader, long events, int iterations, CancellationToken cancellationToken)
    {
        var columns = TextColumns.Length + NumberColumns.Length;
        await Gen.Select(Gen.Long[1, events], Gen.Int[0, columns - 1], Gen.Int[0, 63], Gen.Byte[1, 255]).SampleAsync(async (sequence, column, position, xor) =>
        {
            await using var connection = connect();
            await connection.OpenAsync(cancellationToken);
            var name = column < TextColumns.Length ? TextColumns[column] : NumberColumns[column - TextColumns.Length];
            var original = await ScalarAsync(connection, $"SELECT {name} FROM {table} WHERE sequence = {sequence}", cancellationToken);
            object edited = original switch
            {
                string text => EditText(text, position, xor),
                _ => Convert.ToInt64(original, CultureInfo.InvariantCulture) ^ ((long)xor << (8 * (position % 7))),
            };
            if (name == "sequence")
            {
                edited = -(long)edited - 1_000_000; // never collides with another event's sequence
            }

            await ExecuteAsync(connection, $"UPDATE {table} SET {name} = @v WHERE sequence = {sequence}", edited, cancellationToken);
            var result = await reader.VerifyAsync(cancellationToken);
            var key = name == "sequence" ? (long)edited : sequence;
            await ExecuteAsync(connection, $"UPDATE {table} SET {name} = @v WHERE sequence = {key}", original, cancellationToken);
            return !result.IsValid;
        }, iter: iterations, threads: 1);
    }

    // One byte changed, staying printable ASCII (the columns hold ASCII; a database rejects NUL in text).
    private static string EditText(string text, int position, byte xor)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var i = position % bytes.Length;
        var edited = (byte)(bytes[i] ^ (xor & 0x3F));
        bytes[i] = edited is >= 0x20 and < 0x7F && edited != bytes[i] ? edited : (byte)(bytes[i] == (byte)'x' ? 'y' : 'x');
        return Encoding.ASCII.GetString(bytes);
    }

    private static async Task<object> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, object value, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "v";
        parameter.Value = value;
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
