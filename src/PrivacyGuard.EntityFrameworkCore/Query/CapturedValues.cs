using System.Linq.Expressions;

namespace PrivacyGuard.EntityFrameworkCore.Query;

/// <summary>Tells the application's captured values apart from columns in a query's expression tree.</summary>
internal static class CapturedValues
{
    /// <summary>
    /// True when <paramref name="expression"/> is a value captured from the application (a closure field, a static
    /// member or a constant, reached through any chain of members), not a column of the query.
    /// </summary>
    public static bool IsCaptured(Expression expression)
    {
        while (expression is MemberExpression member)
        {
            if (member.Expression is null)
            {
                return true;
            }

            expression = member.Expression;
        }

        return expression is ConstantExpression;
    }
}
