namespace PrivacyGuard.AccessLog;

/// <summary>
/// The stable names under which actions and outcomes are stored, hashed and logged (<c>read</c>, <c>lift-restriction</c>,
/// <c>denied</c>...). They never change, whatever the enums' numbering.
/// </summary>
public static class AccessLogNames
{
    private static readonly string[] Actions =
        ["read", "write", "delete", "export", "rectify", "erase", "restrict", "lift-restriction", "record-objection", "withdraw-objection", "purge", "audit"];

    private static readonly string[] Outcomes = ["succeeded", "denied", "failed"];

    /// <summary>The stable name of <paramref name="action"/>.</summary>
    public static string Of(AccessAction action) =>
        (uint)action < (uint)Actions.Length ? Actions[(int)action] : throw new ArgumentOutOfRangeException(nameof(action));

    /// <summary>The stable name of <paramref name="outcome"/>.</summary>
    public static string Of(AccessOutcome outcome) =>
        (uint)outcome < (uint)Outcomes.Length ? Outcomes[(int)outcome] : throw new ArgumentOutOfRangeException(nameof(outcome));

    /// <summary>The action named <paramref name="name"/>.</summary>
    public static bool TryParseAction(string? name, out AccessAction action)
    {
        var index = Array.IndexOf(Actions, name);
        action = (AccessAction)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>The outcome named <paramref name="name"/>.</summary>
    public static bool TryParseOutcome(string? name, out AccessOutcome outcome)
    {
        var index = Array.IndexOf(Outcomes, name);
        outcome = (AccessOutcome)Math.Max(index, 0);
        return index >= 0;
    }
}
