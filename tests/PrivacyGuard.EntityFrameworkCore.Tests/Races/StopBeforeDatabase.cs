using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PrivacyGuard.EntityFrameworkCore.Tests.Races;

/// <summary>
/// Lets a save run PrivacyGuard's whole pipeline (restriction guard, key look-up or creation, encryption, access log)
/// and then stops it before EF Core sends the statements: the bulk race runs race the decision and the keys, not the
/// application database's write lock. Registered after PrivacyGuard's interceptor, so PrivacyGuard has seen the save.
/// </summary>
internal sealed class StopBeforeDatabase : SaveChangesInterceptor
{
    public static StopBeforeDatabase Instance { get; } = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        InterceptionResult<int>.SuppressWithResult(0);

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(0));
}
