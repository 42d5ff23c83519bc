using System.Collections.Immutable;

namespace PrivacyGuard.Json;

/// <summary>
/// A parsed field selector: a small JSONPath subset naming the values a <see cref="JsonFieldRule"/> applies to.
/// </summary>
/// <remarks>
/// <para>Grammar (whitespace is not allowed anywhere):</para>
/// <code>
/// selector := "$" step+
/// step     := "." name            child property
///           | "[" quoted "]"      child property with any name, for example ['odd name']
///           | "[*]"               every element of an array
///           | ".." name           property at any depth below (recursive descent)
///           | ".." "[" quoted "]"
/// name     := one or more characters other than . [ ] ' " \ * and white space
/// quoted   := "'" chars "'" | "\"" chars "\""   (\\ and \' or \" escape the backslash and the quote)
/// </code>
/// <para>
/// Names are compared ordinally with the unescaped property names of the document, so <c>$.email</c> matches
/// <c>"em\u0061il"</c>. <c>[*]</c> matches array elements only, never object properties.
/// </para>
/// </remarks>
public sealed class JsonSelector
{
    private JsonSelector(string text, ImmutableArray<JsonSelectorStep> steps)
    {
        Text = text;
        Steps = steps;
    }

    /// <summary>The selector as written.</summary>
    public string Text { get; }

    /// <summary>The property name of the last step, or null when the last step is <c>[*]</c>.</summary>
    public string? LastName => Steps[^1].Name;

    internal ImmutableArray<JsonSelectorStep> Steps { get; }

    /// <summary>Parses <paramref name="selector"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="selector"/> is null.</exception>
    /// <exception cref="FormatException">The selector does not follow the grammar; the message says where.</exception>
    public static JsonSelector Parse(string selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new JsonSelector(selector, JsonSelectorParser.Parse(selector));
    }

    /// <summary>Parses <paramref name="selector"/>; false when it does not follow the grammar.</summary>
    public static bool TryParse(string? selector, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonSelector? result)
    {
        result = null;
        if (selector is null || !JsonSelectorParser.TryParse(selector, out var steps, out _))
        {
            return false;
        }

        result = new JsonSelector(selector, steps);
        return true;
    }

    /// <summary>Returns <see cref="Text"/>.</summary>
    public override string ToString() => Text;
}
