namespace PrivacyGuard.Demo.Walkthrough;

/// <summary>
/// Prints the walkthrough's steps: a <c>✓</c> or <c>✗</c> line per step, then its evidence indented. The first failed
/// step ends the story (later steps build on it); <see cref="Failed"/> tells the command to exit non-zero.
/// </summary>
internal sealed class StepReport(TextWriter output)
{
    public const string Passed = "✓";
    public const string FailedMark = "✗";

    private int _number;

    public bool Failed { get; private set; }

    public int Steps => _number;

    /// <summary>Prints the step; returns <paramref name="ok"/> so the caller can stop at the first failure.</summary>
    public bool Step(bool ok, string title, params IEnumerable<string> evidence)
    {
        _number++;
        output.WriteLine($"{(ok ? Passed : FailedMark)} {_number,2}. {title}");
        foreach (var line in evidence)
        {
            output.WriteLine($"       {line}");
        }

        if (!ok)
        {
            Failed = true;
        }

        return ok;
    }

    public void Note(string line) => output.WriteLine($"   {line}");
}
