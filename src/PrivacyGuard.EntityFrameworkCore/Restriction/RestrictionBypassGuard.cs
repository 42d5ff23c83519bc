using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Refuses, when a query is compiled, <c>IgnoreQueryFilters()</c> without filter names and
/// <c>IgnoreQueryFilters([..., "PrivacyGuard:Restriction"])</c> in a model that has entities with a data subject id:
/// either would hand out restricted subjects' rows. Applications name the filters they mean to ignore (EF Core 10), and
/// process restricted subjects' data for a legal obligation inside <c>BeginScope(LegalObligation, actor)</c>.
/// </summary>
internal sealed class RestrictionBypassGuard : ExpressionVisitor
{
    private static readonly RestrictionBypassGuard Instance = new();

    public static void Check(Expression query, IModel model)
    {
        if (RestrictionSaveGuard.SubjectIdsOf(model).Count != 0)
        {
            Instance.Visit(query);
        }
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method.DeclaringType == typeof(EntityFrameworkQueryableExtensions)
            && node.Method.Name == nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters)
            && IgnoresRestriction(node))
        {
            throw new InvalidOperationException(
                "IgnoreQueryFilters would lift PrivacyGuard's restriction filter (\"" + RestrictionQueryFilter.Name + "\"), which leaves out the rows of "
                + "subjects under restriction or who objected to the current purpose. Name the filters to ignore, e.g. IgnoreQueryFilters([\"SoftDelete\"]); "
                + "to process restricted subjects' data for a legal obligation, run the query inside privacyScope.BeginScope(ProcessingPurpose.LegalObligation, actor).");
        }

        return base.VisitMethodCall(node);
    }

    private static bool IgnoresRestriction(MethodCallExpression node) => node.Arguments switch
    {
        [_] => true,
        [_, ConstantExpression { Value: IEnumerable<string> keys }] => keys.Contains(RestrictionQueryFilter.Name, StringComparer.Ordinal),
        _ => true, // names we cannot read when compiling: fail closed
    };
}
