namespace PrivacyGuard.EntityFrameworkCore.Tests.AccessLog;

/// <summary>The database commands one access log store executes from now on (each a round trip to the database).</summary>
internal sealed class StoreCommands(EfAccessLogStore store)
{
    private readonly long _start = store.CommandsExecuted;

    public long Count => store.CommandsExecuted - _start;
}
