using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PrivacyGuard.EntityFrameworkCore.Metadata;
using PrivacyGuard.EntityFrameworkCore.Query;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>
/// Refuses, when a query is compiled, any query that projects, filters, orders or groups on an encrypted property (of
/// the entity, or of an owned or complex type it holds, such as <c>c.Address.Street</c>):
/// the database only holds ciphertext, so such a query would silently return ciphertext or match nothing. Queries
/// that return whole entities are decrypted on materialization and are fine; equality look-ups go through
/// <c>WherePersonal</c> and the blind index. A bulk <c>ExecuteUpdate</c> touching any personal-data property is
/// refused too, since it bypasses protection on save. <c>IgnoreQueryFilters</c> that would lift the restriction filter
/// is refused (<see cref="RestrictionBypassGuard"/>). An <c>ExecuteDelete</c> of personal data is tagged so that
/// <see cref="BulkDeleteRecorder"/> records it, and a query projecting personal values so that its reads are recorded
/// (<see cref="ProjectedReads"/>). A thread-safe singleton.
/// </summary>
internal sealed class EncryptedPropertyQueryInterceptor : IQueryExpressionInterceptor
{
    public static EncryptedPropertyQueryInterceptor Instance { get; } = new();

    private EncryptedPropertyQueryInterceptor()
    {
    }

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData)
    {
        if (eventData.Context is { } filtered)
        {
            RestrictionBypassGuard.Check(queryExpression, filtered.Model);
        }

        if (eventData.Context is { } context && PrivacyModel.For(context.Model) is { IsEmpty: false } model)
        {
            new Visitor(model).Visit(queryExpression);
            return ProjectedReads.Tag(BulkDeleteRecorder.Tag(queryExpression, context.Model, model), model);
        }

        return queryExpression;
    }

    /// <summary>
    /// ExecuteUpdate writes straight to the database, past the save interceptor: any personal-data property it sets
    /// or reads would be stored or copied unprotected.
    /// </summary>
    private sealed class BulkUpdateVisitor(PrivacyModel model) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node)
        {
            // The entity's own members (e.Email) and members of its owned and complex types (e.Address.Street).
            if (node.Expression is { } instance && !CapturedValues.IsCaptured(instance)
                && (model.FindPersonal(instance.Type, node.Member.Name) ?? model.FindPersonal(ExpressionCasts.Unconverted(instance).Type, node.Member.Name)) is not null)
            {
                throw new InvalidOperationException(
                    $"ExecuteUpdate uses the personal-data property {instance.Type.Name}.{node.Member.Name}, but a bulk update bypasses "
                    + "PrivacyGuard's protection on save; load the entities and call SaveChanges instead.");
            }

            return base.VisitMember(node);
        }
    }

    private sealed class Visitor(PrivacyModel model) : ExpressionVisitor
    {
        protected override Expression VisitBinary(BinaryExpression node)
        {
            // c.Gift == null tests an optional complex property for presence; no stored value leaves the database.
            if (node.NodeType is ExpressionType.Equal or ExpressionType.NotEqual
                && (IsNull(node.Left) ? node.Right : IsNull(node.Right) ? node.Left : null) is { } other
                && ExpressionCasts.Unconverted(other) is MemberExpression member)
            {
                VisitChain(member, whole: false);
                return node;
            }

            return base.VisitBinary(node);
        }

        protected override Expression VisitMember(MemberExpression node) => VisitChain(node, whole: true);

        /// <summary>
        /// Checks a member access and the chain it is read through. <paramref name="whole"/> is false where only part of
        /// the member's value is used (c.Contact in c.Contact.Language, or c.Gift in c.Gift == null).
        /// </summary>
        private Expression VisitChain(MemberExpression node, bool whole)
        {
            if (node.Expression is { } instance && !CapturedValues.IsCaptured(instance))
            {
                // ((INamed)c).Name reads the same column as c.Name.
                var inner = ExpressionCasts.Unconverted(instance);
                if (model.FindEncrypted(instance.Type, node.Member.Name) is not null || model.FindEncrypted(inner.Type, node.Member.Name) is not null)
                {
                    throw Refused(inner.Type, node.Member.Name);
                }

                // A whole complex value (c.Contact) is not decrypted: only entities are, when they are materialized.
                if (whole && model.FindEncryptedInside(inner.Type, node.Member.Name) is { } inside)
                {
                    throw new InvalidOperationException(
                        $"The query uses the complex property {inner.Type.Name}.{node.Member.Name}, which holds the encrypted property {inside.Name}, "
                        + "in a projection, filter or ordering. The database holds only its ciphertext: query whole entities (they are decrypted when loaded).");
                }

                if (inner is MemberExpression container)
                {
                    VisitChain(container, whole: false);
                    return node;
                }
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(EntityFrameworkQueryableExtensions) && node.Method.Name == nameof(EntityFrameworkQueryableExtensions.ExecuteUpdate))
            {
                foreach (var setters in node.Arguments.Skip(1))
                {
                    new BulkUpdateVisitor(model).Visit(setters);
                }
            }

            if (node.Method.DeclaringType == typeof(EF) && node.Method.Name == nameof(EF.Property)
                && node.Arguments is [var instance, ConstantExpression { Value: string name }]
                && model.FindEncrypted(ExpressionCasts.Unconverted(instance).Type, name) is not null)
            {
                throw Refused(ExpressionCasts.Unconverted(instance).Type, name);
            }

            return base.VisitMethodCall(node);
        }

        private static bool IsNull(Expression expression) => ExpressionCasts.Unconverted(expression) is ConstantExpression { Value: null };

        private static InvalidOperationException Refused(Type entity, string property) =>
            new($"The query uses the encrypted property {entity.Name}.{property} in a projection, filter or ordering. "
                + "The database holds only its ciphertext: query whole entities (they are decrypted when loaded), or, for a "
                + "searchable property, find rows with WherePersonal(...).");
    }
}
