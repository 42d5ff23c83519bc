using Microsoft.Extensions.Compliance.Classification;

namespace PrivacyGuard.AspNetCore.Logging;

/// <summary>
/// Classifies a log method parameter or a <c>[LogProperties]</c> member as account settings: the same classification as
/// <c>[PersonalData(PersonalDataCategory.AccountSettings)]</c>, with the parameterless constructor that the
/// <c>Microsoft.Extensions.Telemetry</c> <c>[LoggerMessage]</c> generator requires (it creates classification attributes
/// with <c>new T()</c>, so it cannot use <see cref="PersonalDataAttribute"/>'s category argument).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class PersonalAccountSettingsAttribute : DataClassificationAttribute
{
    /// <summary>Classifies the member as <see cref="PersonalDataCategory.AccountSettings"/>.</summary>
    public PersonalAccountSettingsAttribute()
        : base(PersonalDataAttribute.Classify(PersonalDataCategory.AccountSettings))
    {
    }
}
