namespace PrivacyGuard;

/// <summary>
/// Keeps an entity type's rows for a limited time: once <see cref="TimestampProperty"/> is older than
/// <see cref="IsoDuration"/>, the retention purge deletes or anonymizes the row as its <see cref="OnErasureAttribute"/>
/// policy says. The duration is checked when the model is built; an invalid one fails it with the entity's name.
/// </summary>
/// <param name="isoDuration">An ISO 8601 duration, e.g. <c>P365D</c> or <c>P1Y</c> (parsed as <c>System.Xml.XmlConvert.ToTimeSpan</c> does).</param>
/// <param name="timestampProperty">The <see cref="DateTime"/> or <see cref="DateTimeOffset"/> property a row's age is measured from.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RetainForAttribute(string isoDuration, string timestampProperty) : Attribute
{
    /// <summary>The retention period as an ISO 8601 duration.</summary>
    public string IsoDuration { get; } = isoDuration;

    /// <summary>The name of the property holding the time a row's age is measured from.</summary>
    public string TimestampProperty { get; } = timestampProperty;

    /// <summary>Parses <see cref="IsoDuration"/>; returns false when it is not a positive ISO 8601 duration.</summary>
    /// <param name="period">The parsed period.</param>
    /// <returns>True when the duration is valid and positive.</returns>
    public bool TryGetPeriod(out TimeSpan period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(IsoDuration))
        {
            return false;
        }

        try
        {
            period = System.Xml.XmlConvert.ToTimeSpan(IsoDuration);
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }

        return period > TimeSpan.Zero;
    }
}
