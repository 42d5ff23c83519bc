using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Query;

/// <summary>Records every query sent to the database: its text and every parameter value, as text.</summary>
public sealed class SentCommands : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _sent = new();

    /// <summary>Each command's text followed by its parameter values.</summary>
    public IReadOnlyList<string> All => [.. _sent];

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command) =>
        _sent.Enqueue(string.Join('\n', command.Parameters.Cast<DbParameter>()
            .Select(p => p.ParameterName + "=" + Convert.ToString(p.Value, CultureInfo.InvariantCulture))
            .Prepend(command.CommandText)));
}
