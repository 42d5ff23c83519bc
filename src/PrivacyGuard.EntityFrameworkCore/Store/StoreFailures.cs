using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using PrivacyGuard.Storage;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Tells the failures that mean "the store cannot be reached" (refused, timed out, broken connection) from the
/// others, which propagate unchanged. EF Core may wrap the provider's exception, so the whole chain is inspected.
/// </summary>
internal static class StoreFailures
{
    // SQLITE_BUSY (locked past the busy timeout), SQLITE_IOERR, SQLITE_CANTOPEN.
    private const int SqliteBusy = 5;
    private const int SqliteIoError = 10;
    private const int SqliteCannotOpen = 14;

    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OperationCanceledException:
                    return false;
                case TimeoutException or SocketException:
                    return true;
                case PostgresException postgres:
                    return IsConnectionState(postgres.SqlState);
                case NpgsqlException { IsTransient: true }:
                    return true;
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is SqliteBusy or SqliteIoError or SqliteCannotOpen;
            }
        }

        return false;
    }

    /// <summary>The exception to throw instead of <paramref name="failure"/>; names the store and the operation only.</summary>
    public static PrivacyStoreUnavailableException Unavailable(string store, string operation, Exception failure) =>
        new(store, operation, failure);

    private static bool IsConnectionState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
        || sqlState.StartsWith("28", StringComparison.Ordinal) // invalid authorization (the store refused us)
        || sqlState is "3D000" // the store's database does not exist
            or "53300" // too many connections
            or "57P01" or "57P02" or "57P03"; // admin shutdown, crash shutdown, cannot connect now
}
