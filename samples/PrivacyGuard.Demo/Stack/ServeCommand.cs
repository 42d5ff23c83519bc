using System.Globalization;
using System.Runtime.InteropServices;

namespace PrivacyGuard.Demo.Stack;

/// <summary>
/// <c>serve [--gateway-port N] [--service-port N]</c> (and the demo with no arguments): starts the gateway in front of the
/// account service, prints the addresses, the admin API's development key and what to try, and stops both on Ctrl+C.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var options = new DemoStackOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--gateway-port" when i + 1 < args.Length && TryPort(args[i + 1], out var port):
                    options.GatewayPort = port;
                    i++;
                    break;
                case "--service-port" when i + 1 < args.Length && TryPort(args[i + 1], out var port):
                    options.ServicePort = port;
                    i++;
                    break;
                default:
                    error.WriteLine("usage: serve [--gateway-port N] [--service-port N]   (ports 0-65535; 0 picks a free one)");
                    return 1;
            }
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await using var stack = await DemoStack.StartAsync(options, error, stop.Token).ConfigureAwait(false);
            TryIt.Write(output, stack);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                output.WriteLine("stopping...");
            }

            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
}
