using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace PrivacyGuard;

/// <summary>The personal-data members of one type and the member that identifies its data subject.</summary>
public sealed class PersonalDataTypeInfo
{
    private readonly FrozenDictionary<string, PersonalDataProperty> _byName;

    internal PersonalDataTypeInfo(Type type, IReadOnlyList<PersonalDataProperty> properties, string? subjectIdProperty, Func<object, object?>? subjectIdGetter)
    {
        Type = type;
        Properties = properties;
        SubjectIdProperty = subjectIdProperty;
        _subjectIdGetter = subjectIdGetter;
        _byName = properties.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
    }

    private readonly Func<object, object?>? _subjectIdGetter;

    /// <summary>The type described.</summary>
    public Type Type { get; }

    /// <summary>Members marked <see cref="PersonalDataAttribute"/>, in declaration order.</summary>
    public IReadOnlyList<PersonalDataProperty> Properties { get; }

    /// <summary>Name of the member marked <see cref="DataSubjectIdAttribute"/>, if any.</summary>
    public string? SubjectIdProperty { get; }

    /// <summary>True when the type has any personal-data member.</summary>
    public bool HasPersonalData => Properties.Count > 0;

    /// <summary>Looks a personal-data member up by name.</summary>
    public bool TryGetProperty(string name, [NotNullWhen(true)] out PersonalDataProperty? property) =>
        _byName.TryGetValue(name, out property);

    /// <summary>The data subject id of <paramref name="instance"/>, or null when the type has none.</summary>
    public object? GetSubjectId(object instance) => _subjectIdGetter?.Invoke(instance);
}
