using System.Collections.Immutable;
using System.Text;

namespace PrivacyGuard.Json;

/// <summary>Parses the selector grammar documented on <see cref="JsonSelector"/>.</summary>
internal static class JsonSelectorParser
{
    private const string NameStops = ".[]'\"\\*";

    public static ImmutableArray<JsonSelectorStep> Parse(string text) =>
        TryParse(text, out var steps, out var error) ? steps : throw new FormatException($"Invalid JSON selector '{text}': {error}");

    public static bool TryParse(string text, out ImmutableArray<JsonSelectorStep> steps, out string error)
    {
        steps = default;
        var builder = ImmutableArray.CreateBuilder<JsonSelectorStep>();
        if (text.Length == 0 || text[0] != '$')
        {
            error = "a selector starts with '$'.";
            return false;
        }

        var i = 1;
        while (i < text.Length)
        {
            if (!TryParseStep(text, ref i, builder, out error))
            {
                return false;
            }
        }

        if (builder.Count == 0)
        {
            error = "'$' alone selects the whole document; name at least one step, for example $.email.";
            return false;
        }

        steps = builder.ToImmutable();
        error = string.Empty;
        return true;
    }

    private static bool TryParseStep(string text, ref int i, ImmutableArray<JsonSelectorStep>.Builder steps, out string error)
    {
        if (text[i] == '[')
        {
            if (string.CompareOrdinal(text, i, "[*]", 0, 3) == 0)
            {
                steps.Add(JsonSelectorStep.AnyElement());
                i += 3;
                error = string.Empty;
                return true;
            }

            return TryParseBracketName(text, ref i, out var name, out error) && Add(steps, JsonSelectorStep.Child(name));
        }

        if (text[i] != '.')
        {
            error = $"expected '.' or '[' at position {i}.";
            return false;
        }

        var descendant = i + 1 < text.Length && text[i + 1] == '.';
        i += descendant ? 2 : 1;
        string parsed;
        if (i < text.Length && text[i] == '[')
        {
            if (!descendant)
            {
                error = $"'.[' at position {i - 1}: write ['name'] without the dot.";
                return false;
            }

            if (!TryParseBracketName(text, ref i, out parsed, out error))
            {
                return false;
            }
        }
        else if (!TryParseName(text, ref i, out parsed, out error))
        {
            return false;
        }

        return Add(steps, descendant ? JsonSelectorStep.Descendant(parsed) : JsonSelectorStep.Child(parsed));
    }

    private static bool Add(ImmutableArray<JsonSelectorStep>.Builder steps, JsonSelectorStep step)
    {
        steps.Add(step);
        return true;
    }

    private static bool TryParseName(string text, ref int i, out string name, out string error)
    {
        var start = i;
        while (i < text.Length && !NameStops.Contains(text[i], StringComparison.Ordinal) && !char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        name = text[start..i];
        if (name.Length == 0)
        {
            error = i < text.Length && text[i] == '*'
                ? $"'*' at position {i}: wildcards are supported only as [*] over array elements."
                : $"expected a property name at position {start}.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static bool TryParseBracketName(string text, ref int i, out string name, out string error)
    {
        name = string.Empty;
        var open = i;
        if (i + 1 >= text.Length || (text[i + 1] != '\'' && text[i + 1] != '"'))
        {
            error = $"expected [*] or a quoted name like ['name'] at position {open}.";
            return false;
        }

        var quote = text[i + 1];
        i += 2;
        var builder = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\')
            {
                if (i + 1 >= text.Length || (text[i + 1] != quote && text[i + 1] != '\\'))
                {
                    error = $"at position {i} only \\\\ and \\{quote} are escapes inside a quoted name.";
                    return false;
                }

                i++;
            }

            builder.Append(text[i++]);
        }

        if (i + 1 >= text.Length || text[i + 1] != ']')
        {
            error = $"the quoted name opened at position {open} is not closed with {quote}].";
            return false;
        }

        i += 2;
        name = builder.ToString();
        error = string.Empty;
        return true;
    }
}
