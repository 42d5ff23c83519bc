using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Query tags that carry what an access event needs from query compilation to command execution: a kind, the
/// resource (entity name) and its categories, as <c>PrivacyGuard {kind}: {resource} [Email,Name]</c>. EF Core writes
/// tags as <c>-- </c> comment lines before the statement; they never hold a value.
/// </summary>
internal static class AccessTags
{
    private static readonly MethodInfo TagWithMethod = typeof(EntityFrameworkQueryableExtensions)
        .GetMethods()
        .Single(m => m.Name == nameof(EntityFrameworkQueryableExtensions.TagWith) && m.GetParameters().Length == 2);

    /// <summary><paramref name="source"/> (an <c>IQueryable&lt;T&gt;</c> expression) wrapped in <c>TagWith(tag)</c>.</summary>
    public static MethodCallExpression TagWith(Expression source, Type elementType, string kind, string resource, IEnumerable<PersonalDataCategory> categories) =>
        Expression.Call(
            TagWithMethod.MakeGenericMethod(elementType),
            source,
            Expression.Constant("PrivacyGuard " + kind + ": " + resource + " [" + string.Join(',', categories) + "]"));

    /// <summary>The tags of <paramref name="kind"/> among the comment lines at the start of <paramref name="commandText"/>.</summary>
    public static List<(string Resource, PersonalDataCategory[] Categories)> Read(string commandText, string kind)
    {
        var found = new List<(string, PersonalDataCategory[])>();
        var prefix = "PrivacyGuard " + kind + ": ";
        var text = commandText.AsSpan();
        while (text.StartsWith("-- ", StringComparison.Ordinal))
        {
            var end = text.IndexOf('\n');
            var line = (end < 0 ? text : text[..end]).TrimEnd('\r')[3..];
            if (line.StartsWith(prefix, StringComparison.Ordinal) && TryParse(line[prefix.Length..], out var resource, out var categories))
            {
                found.Add((resource, categories));
            }

            if (end < 0)
            {
                break;
            }

            text = text[(end + 1)..];
        }

        return found;
    }

    private static bool TryParse(ReadOnlySpan<char> tag, out string resource, out PersonalDataCategory[] categories)
    {
        resource = "";
        categories = [];
        var open = tag.LastIndexOf(" [", StringComparison.Ordinal);
        if (open < 0 || !tag.EndsWith(']'))
        {
            return false;
        }

        var list = tag[(open + 2)..^1];
        var parsed = new List<PersonalDataCategory>();
        foreach (var range in list.Split(','))
        {
            if (!Enum.TryParse<PersonalDataCategory>(list[range], out var category))
            {
                return false;
            }

            parsed.Add(category);
        }

        resource = tag[..open].ToString();
        categories = [.. parsed];
        return true;
    }
}
