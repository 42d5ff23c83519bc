using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PrivacyGuard.AccessLog;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Metadata;
using PrivacyGuard.EntityFrameworkCore.Query;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// Records queries that return personal-data values without materializing their entities, such as
/// <c>db.Accounts.Select(a =&gt; new { a.Id, a.Email })</c> (a pseudonymized value; encrypted ones cannot be projected):
/// the materializer never sees those rows. When such a query is compiled it is tagged (<c>TagWith</c>) with each
/// entity whose personal members a <c>Select</c> reads, and their categories; when its reader closes, one
/// <see cref="AccessAction.Read"/> event per tagged entity is recorded, with the rows read as its count and no subject
/// (the query may not return one).
/// </summary>
internal static class ProjectedReads
{
    private const string TagKind = "projected read";

    /// <summary>
    /// <paramref name="query"/> with a tag per entity whose personal members its projections read; itself when none do
    /// or when it is not a query returning rows (a bulk update or delete).
    /// </summary>
    public static Expression Tag(Expression query, PrivacyModel privacy)
    {
        if (query is MethodCallExpression { Method.Name: nameof(EntityFrameworkQueryableExtensions.ExecuteDelete) or nameof(EntityFrameworkQueryableExtensions.ExecuteUpdate) }
            || !typeof(IQueryable).IsAssignableFrom(query.Type) && !IsSingleResult(query))
        {
            return query;
        }

        var finder = new ProjectionFinder(privacy);
        finder.Visit(query);
        if (finder.Found.Count == 0)
        {
            return query;
        }

        // Tag the innermost source: the tags sit on the query whatever operators follow.
        return new SourceTagger(finder.Found).Visit(query);
    }

    /// <summary>The events for the tags in <paramref name="commandText"/>, each counting the <paramref name="rows"/> read.</summary>
    public static List<AccessEvent> EventsFor(string commandText, Func<int> rows, PrivacyGuardOptionsExtension extension)
    {
        var tags = AccessTags.Read(commandText, TagKind);
        if (tags.Count == 0)
        {
            return [];
        }

        var count = rows();
        return [.. tags.Select(tag => EntityAccessEvents.Create(extension, tag.Resource, AccessAction.Read, token: null, tag.Categories, count))];
    }

    // First, Single, Count... over a query: the query below them still reads rows.
    private static bool IsSingleResult(Expression query) =>
        query is MethodCallExpression { Arguments: [var source, ..] } call
        && (call.Method.DeclaringType == typeof(Queryable) || call.Method.DeclaringType == typeof(EntityFrameworkQueryableExtensions))
        && typeof(IQueryable).IsAssignableFrom(source.Type);

    /// <summary>Collects, per entity, the categories of the personal members read inside <c>Select</c>/<c>SelectMany</c> selectors.</summary>
    private sealed class ProjectionFinder(PrivacyModel privacy) : ExpressionVisitor
    {
        private int _inSelector;

        public SortedDictionary<string, SortedSet<PersonalDataCategory>> Found { get; } = new(StringComparer.Ordinal);

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(Queryable) && node.Method.Name is nameof(Queryable.Select) or nameof(Queryable.SelectMany))
            {
                Visit(node.Arguments[0]);
                _inSelector++;
                foreach (var argument in node.Arguments.Skip(1))
                {
                    Visit(argument);
                }

                _inSelector--;
                return node;
            }

            if (_inSelector > 0 && node.Method.DeclaringType == typeof(EF) && node.Method.Name == nameof(EF.Property)
                && node.Arguments is [var instance, ConstantExpression { Value: string name }])
            {
                Note(privacy.FindPersonal(instance.Type, name) ?? privacy.FindPersonal(ExpressionCasts.Unconverted(instance).Type, name));
            }

            return base.VisitMethodCall(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (_inSelector > 0 && node.Expression is { } instance && !CapturedValues.IsCaptured(instance))
            {
                // ((IHasEmail)a).Email reads the same column as a.Email.
                Note(privacy.FindPersonal(instance.Type, node.Member.Name) ?? privacy.FindPersonal(ExpressionCasts.Unconverted(instance).Type, node.Member.Name));
            }

            return base.VisitMember(node);
        }

        private void Note(PrivacyProperty? property)
        {
            if (property is null)
            {
                return;
            }

            var declaring = property.Property.DeclaringType;
            var entityType = declaring as IEntityType ?? (declaring as IComplexType)?.ContainingEntityType;
            var resource = entityType is not null && privacy.TryGet(entityType, out var entity) ? entity.Name : property.DeclaringEntityName;
            if (!Found.TryGetValue(resource, out var categories))
            {
                Found[resource] = categories = [];
            }

            categories.Add(property.Category);
        }
    }

    /// <summary>Wraps the query roots (the <c>DbSet</c> constants at the bottom of the expression) in <c>TagWith</c> calls.</summary>
    private sealed class SourceTagger(SortedDictionary<string, SortedSet<PersonalDataCategory>> tags) : ExpressionVisitor
    {
        private bool _tagged;

        protected override Expression VisitExtension(Expression node)
        {
            // EF Core's query root (EntityQueryRootExpression) for the first DbSet the query starts from.
            if (!_tagged && node.Type.IsGenericType && typeof(IQueryable).IsAssignableFrom(node.Type))
            {
                _tagged = true;
                var element = node.Type.GetGenericArguments()[0];
                Expression tagged = node;
                foreach (var (resource, categories) in tags)
                {
                    tagged = AccessTags.TagWith(tagged, element, TagKind, resource, categories);
                }

                return tagged;
            }

            return base.VisitExtension(node);
        }
    }
}
