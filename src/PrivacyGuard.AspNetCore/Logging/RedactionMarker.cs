namespace PrivacyGuard.AspNetCore.Logging;

/// <summary>
/// The fixed text that replaces a personal value in logs when no pseudonymizer is configured (or pseudonymizing
/// fails): <c>[redacted:Email]</c>, <c>[redacted:IpAddress]</c> and so on. It depends on the category only, so it
/// reveals nothing about the value.
/// </summary>
public static class RedactionMarker
{
    private static readonly string[] Markers =
        [.. Enum.GetValues<PersonalDataCategory>().Select(static c => $"[redacted:{c}]")];

    /// <summary>The marker of objects whose type holds personal data and that were captured as a whole (stringified).</summary>
    public const string PersonalObject = "[redacted:PersonalData]";

    /// <summary>The marker for <paramref name="category"/>.</summary>
    public static string For(PersonalDataCategory category) =>
        (uint)category < (uint)Markers.Length ? Markers[(int)category] : Markers[(int)PersonalDataCategory.Other];
}
