namespace PrivacyGuard.Fuzzing;

/// <summary>Runs a target once on each given file (folders are expanded) and prints the first failure with its stack.</summary>
internal static class Replay
{
    public static int Run(FuzzTarget target, IEnumerable<string> paths)
    {
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p]).Order(StringComparer.Ordinal);
        var count = 0;
        foreach (var file in files)
        {
            try
            {
                target(File.ReadAllBytes(file));
                count++;
            }
#pragma warning disable CA1031 // Triage tool: any exception is the finding to print.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Console.Error.WriteLine($"FAILED on {file}:");
                Console.Error.WriteLine(e);
                return 1;
            }
        }

        Console.WriteLine($"{count} inputs passed.");
        return 0;
    }
}
