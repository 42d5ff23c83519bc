using Microsoft.Extensions.Compliance.Classification;

namespace PrivacyGuard.AspNetCore.Logging;

/// <summary>
/// Classifies a log method parameter or a <c>[LogProperties]</c> member as a person's name: the same classification as
/// <c>[PersonalData(PersonalDataCategory.Name)]</c>, with the parameterless constructor that the
/// <c>Microsoft.Extensions.Telemetry</c> <c>[LoggerMessage]</c> generator requires (it creates classification attributes
/// with <c>new T()</c>, so it cannot use <see cref="PersonalDataAttribute"/>'s category argument).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class PersonalNameAttribute : DataClassificationAttribute
{
    /// <summary>Classifies the member as <see cref="PersonalDataCategory.Name"/>.</summary>
    public PersonalNameAttribute()
        : base(PersonalDataAttribute.Classify(PersonalDataCategory.Name))
    {
    }
}
