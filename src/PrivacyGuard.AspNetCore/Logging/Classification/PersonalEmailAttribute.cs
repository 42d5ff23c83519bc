using Microsoft.Extensions.Compliance.Classification;

namespace PrivacyGuard.AspNetCore.Logging;

/// <summary>
/// Classifies a log method parameter or a <c>[LogProperties]</c> member as an e-mail address: the same classification as
/// <c>[PersonalData(PersonalDataCategory.Email)]</c>, with the parameterless constructor that the
/// <c>Microsoft.Extensions.Telemetry</c> <c>[LoggerMessage]</c> generator requires (it creates classification attributes
/// with <c>new T()</c>, so it cannot use <see cref="PersonalDataAttribute"/>'s category argument).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class PersonalEmailAttribute : DataClassificationAttribute
{
    /// <summary>Classifies the member as <see cref="PersonalDataCategory.Email"/>.</summary>
    public PersonalEmailAttribute()
        : base(PersonalDataAttribute.Classify(PersonalDataCategory.Email))
    {
    }
}
