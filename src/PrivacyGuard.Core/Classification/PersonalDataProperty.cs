namespace PrivacyGuard;

/// <summary>
/// One personal-data member of a type, resolved once by <see cref="PersonalDataMetadata"/>: its name, category,
/// effective treatment and compiled accessors (no reflection when values are read or written).
/// </summary>
public sealed class PersonalDataProperty
{
    internal PersonalDataProperty(string name, Type type, PersonalDataCategory category, Treatment treatment, bool searchable, Func<object, object?> getter, Action<object, object?>? setter)
    {
        Name = name;
        Type = type;
        Category = category;
        Treatment = treatment;
        Searchable = searchable;
        _getter = getter;
        _setter = setter;
    }

    private readonly Func<object, object?> _getter;
    private readonly Action<object, object?>? _setter;

    /// <summary>The member's name.</summary>
    public string Name { get; }

    /// <summary>The member's declared type.</summary>
    public Type Type { get; }

    /// <summary>The category from <see cref="PersonalDataAttribute"/>.</summary>
    public PersonalDataCategory Category { get; }

    /// <summary>The treatment that applies (category default resolved).</summary>
    public Treatment Treatment { get; }

    /// <summary>Whether a blind index is kept for equality look-ups.</summary>
    public bool Searchable { get; }

    /// <summary>Whether the member can be written.</summary>
    public bool CanWrite => _setter is not null;

    /// <summary>Reads the member of <paramref name="instance"/>.</summary>
    public object? GetValue(object instance) => _getter(instance);

    /// <summary>Writes the member of <paramref name="instance"/>.</summary>
    public void SetValue(object instance, object? value)
    {
        if (_setter is null)
        {
            throw new InvalidOperationException($"{Name} is read-only.");
        }

        _setter(instance, value);
    }

    /// <summary>Name, category and treatment; never a value.</summary>
    public override string ToString() => $"{Name} ({Category}, {Treatment})";
}
