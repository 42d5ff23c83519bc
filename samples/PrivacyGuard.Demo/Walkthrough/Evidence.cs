namespace PrivacyGuard.Demo.Walkthrough;

/// <summary>Short forms for the walkthrough's evidence lines: long tokens and ciphertext are cut, with their length.</summary>
internal static class Evidence
{
    public static string Short(string? value, int max = 44) => value switch
    {
        null => "(null)",
        { Length: var n } when n > max => $"{value[..max]}… ({n} chars)",
        _ => value,
    };
}
