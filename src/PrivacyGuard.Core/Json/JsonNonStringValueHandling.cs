namespace PrivacyGuard.Json;

/// <summary>What the rewriter does when a selected value is not a string (number, object, array, true, false or null).</summary>
/// <remarks><see cref="Treatment.Redact"/> replaces any value with <c>null</c> and never consults this setting.</remarks>
public enum JsonNonStringValueHandling
{
    /// <summary>Leave the value as it is (rules may still select strings inside an object or array). The default.</summary>
    Leave = 0,

    /// <summary>Stop and return <see cref="JsonRewriteStatus.UnsupportedValue"/>.</summary>
    Refuse = 1,
}
