using System.Linq.Expressions;

namespace PrivacyGuard.EntityFrameworkCore.Query;

/// <summary>Looks through casts in a query's expression tree: <c>((INamed)c).Name</c> reads the same column as <c>c.Name</c>.</summary>
internal static class ExpressionCasts
{
    /// <summary>The expression under any casts: <c>c</c> for <c>(INamed)c</c> or <c>c as INamed</c>.</summary>
    public static Expression Unconverted(Expression expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs } cast)
        {
            expression = cast.Operand;
        }

        return expression;
    }
}
