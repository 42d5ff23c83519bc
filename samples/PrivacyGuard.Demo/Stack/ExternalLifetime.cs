using Microsoft.Extensions.Hosting;

namespace PrivacyGuard.Demo.Stack;

/// <summary>
/// A host lifetime that leaves Ctrl+C and SIGTERM to the caller: two hosts run in one process, and the demo stops them
/// in order (gateway first) when it is told to stop.
/// </summary>
internal sealed class ExternalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
