using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Faults;

/// <summary>
/// Counts the database steps EF Core sends (every command, and every transaction commit) while armed, and fails step
/// <see cref="FailAt"/> before it reaches the database, with the exception a lost connection would raise
/// (<see cref="Fault"/>): the step and everything after it never happen, as when the process or the network dies there.
/// One instance is registered on the application contexts and on the privacy store's contexts, so the count runs across
/// both databases in the order the operation touches them. Thread-safe.
/// </summary>
/// <remarks>
/// Raw ADO.NET commands a component runs on a connection it borrowed from EF Core (the access log's batch insert) are not
/// seen; the commit of their transaction is.
/// </remarks>
internal sealed class FailAfterNCommands(Func<Exception> fault) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private int _count;
    private volatile bool _armed;

    /// <summary>The 1-based step to fail; 0 counts without failing.</summary>
    public int FailAt { get; private set; }

    /// <summary>Steps seen since <see cref="Arm"/>.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether the fault fired since <see cref="Arm"/>.</summary>
    public bool Fired { get; private set; }

    /// <summary>Starts counting from zero; fails step <paramref name="failAt"/> (0: never).</summary>
    public void Arm(int failAt)
    {
        Volatile.Write(ref _count, 0);
        FailAt = failAt;
        Fired = false;
        _armed = true;
    }

    /// <summary>Stops counting and failing.</summary>
    public void Disarm() => _armed = false;

    private void Step()
    {
        if (!_armed)
        {
            return;
        }

        var step = Interlocked.Increment(ref _count);
        if (step == FailAt)
        {
            Fired = true;
            throw fault();
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Step();
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Step();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Step();
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Step();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Step();
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Step();
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Step();
        return result;
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Step();
        return ValueTask.FromResult(result);
    }
}
