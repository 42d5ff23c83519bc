using System.Buffers;
using System.Globalization;
using System.Text;

namespace PrivacyGuard.AspNetCore.Logging;

/// <summary>
/// Encodes control characters in logged text so a value cannot start a new log line or forge one (log forging):
/// CR, LF and TAB become <c>\r</c>, <c>\n</c>, <c>\t</c>; every other C0/C1 control character, NEL and the Unicode
/// line and paragraph separators become <c>\uXXXX</c>. Backslashes are left as they are.
/// </summary>
internal static class LogValueEncoder
{
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(BuildUnsafe());

    /// <summary>True when <paramref name="text"/> holds a character that <see cref="Encode"/> rewrites.</summary>
    public static bool NeedsEncoding(ReadOnlySpan<char> text) => text.ContainsAny(Unsafe);

    /// <summary><paramref name="text"/> with its control characters encoded; the same instance when there are none.</summary>
    public static string Encode(string text)
    {
        var first = text.AsSpan().IndexOfAny(Unsafe);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!Unsafe.Contains(c))
            {
                builder.Append(c);
                continue;
            }

            _ = c switch
            {
                '\r' => builder.Append("\\r"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                _ => builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
            };
        }

        return builder.ToString();
    }

    private static string BuildUnsafe()
    {
        var chars = new StringBuilder();
        for (var c = '\0'; c <= '\u009f'; c++)
        {
            if (char.IsControl(c))
            {
                chars.Append(c);
            }
        }

        return chars.Append('\u2028').Append('\u2029').ToString();
    }
}
