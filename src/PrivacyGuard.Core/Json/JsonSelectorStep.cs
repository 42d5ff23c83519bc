using System.Text;

namespace PrivacyGuard.Json;

/// <summary>One step of a <see cref="JsonSelector"/>.</summary>
internal readonly struct JsonSelectorStep
{
    private JsonSelectorStep(JsonSelectorStepKind kind, string? name)
    {
        Kind = kind;
        Name = name;
        NameUtf8 = name is null ? [] : Encoding.UTF8.GetBytes(name);
    }

    public JsonSelectorStepKind Kind { get; }

    public string? Name { get; }

    public byte[] NameUtf8 { get; }

    public static JsonSelectorStep Child(string name) => new(JsonSelectorStepKind.Child, name);

    public static JsonSelectorStep Descendant(string name) => new(JsonSelectorStepKind.Descendant, name);

    public static JsonSelectorStep AnyElement() => new(JsonSelectorStepKind.AnyElement, null);
}

/// <summary>What a <see cref="JsonSelectorStep"/> matches.</summary>
internal enum JsonSelectorStepKind
{
    /// <summary>A property of the current object with the step's name.</summary>
    Child,

    /// <summary>Every element of the current array.</summary>
    AnyElement,

    /// <summary>A property with the step's name at any depth below the current value.</summary>
    Descendant,
}
