using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Rights;

/// <summary>
/// The rows a subject's rows lead to through navigations to their dependents (<c>Customer.Orders</c>, then
/// <c>Order.Lines</c>), for export and erasure. Only non-owned dependents (owned ones are part of their owner's row) of
/// entity types without a data subject id of their own are followed (those are found by their own subject id; following
/// into them could reach another subject's rows), never a navigation to a principal (a shared <c>Company</c> is not the
/// subject's), and only towards types whose rows, or their dependents' rows, hold personal data. Each row is visited once.
/// </summary>
internal static class DependentPersonalData
{
    private const string AnnotationName = PrivacyGuardAnnotationNames.Prefix + "Dependents";

    /// <summary>Principals per query: their keys are query parameters, one OR-ed condition each.</summary>
    private const int ChunkSize = 100;

    private static readonly MethodInfo LoadMethod =
        typeof(DependentPersonalData).GetMethod(nameof(LoadTypedAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Every dependent row reached from <paramref name="rows"/> (level by level), each with its runtime entity type, the
    /// path it was reached by (<c>Customer.Orders.Lines</c>) and whether it holds personal data itself (a row without any
    /// is loaded only to reach its own dependents).
    /// </summary>
    public static async Task<List<DependentRow>> LoadAsync(DbContext db, IReadOnlyList<(IEntityType Type, object Entity)> rows, bool tracking, CancellationToken cancellationToken)
    {
        var graph = Graph.For(db.Model);
        var found = new List<DependentRow>();
        var visited = new HashSet<(IEntityType Root, string Key)>();
        var frontier = rows.Select(r => new DependentRow(r.Type, r.Entity, r.Type.ClrType.Name, false)).ToList();
        foreach (var row in frontier)
        {
            visited.Add((row.Type.GetRootType(), KeyText(row.Type, row.Entity)));
        }

        while (frontier.Count != 0)
        {
            var next = new List<DependentRow>();
            foreach (var group in frontier
                .SelectMany(row => graph.NavigationsFrom(row.Type).Select(navigation => (Navigation: navigation, Row: row)))
                .GroupBy(pair => (pair.Navigation, pair.Row.Via)))
            {
                var (navigation, via) = group.Key;
                var path = via + "." + navigation.Name;
                var principalKey = navigation.ForeignKey.PrincipalKey.Properties;
                var keys = group.Select(pair => principalKey.Select(p => p.GetGetter().GetClrValueUsingContainingEntity(pair.Row.Entity)).ToArray())
                    .Where(values => values.All(v => v is not null))
                    .ToList();
                foreach (var chunk in keys.Chunk(ChunkSize))
                {
                    var target = navigation.TargetEntityType;
                    var loaded = await ((Task<List<object>>)LoadMethod.MakeGenericMethod(target.ClrType)
                        .Invoke(null, [db, navigation.ForeignKey.Properties, chunk, tracking, cancellationToken])!).ConfigureAwait(false);
                    foreach (var entity in loaded)
                    {
                        var type = db.Model.FindEntityType(entity.GetType()) ?? target;
                        if (visited.Add((type.GetRootType(), KeyText(type, entity))))
                        {
                            var row = new DependentRow(type, entity, path, graph.HoldsPersonalData(type));
                            next.Add(row);
                            found.Add(row);
                        }
                    }
                }
            }

            frontier = next;
        }

        return found;
    }

    private static string KeyText(IEntityType type, object entity) =>
        string.Join('\u001f', (type.FindPrimaryKey()?.Properties ?? []).Select(p => p.GetGetter().GetClrValueUsingContainingEntity(entity) switch
        {
            byte[] bytes => Convert.ToBase64String(bytes),
            var value => Convert.ToString(value, CultureInfo.InvariantCulture),
        }));

    private static async Task<List<object>> LoadTypedAsync<TEntity>(DbContext db, IReadOnlyList<IProperty> foreignKey, object?[][] principals, bool tracking, CancellationToken cancellationToken)
        where TEntity : class
    {
        // e => (fk1 == k[0].Value && fk2 == k[1].Value) || ...: every key value is a query parameter, not a literal.
        var e = Expression.Parameter(typeof(TEntity), "e");
        Expression? any = null;
        foreach (var principal in principals)
        {
            Expression? all = null;
            for (var i = 0; i < foreignKey.Count; i++)
            {
                var property = foreignKey[i];
                var column = Expression.Call(typeof(EF), nameof(EF.Property), [property.ClrType], e, Expression.Constant(property.Name));
                var box = new Box(principal[i]!);
                var value = Expression.Convert(Expression.Property(Expression.Constant(box), nameof(Box.Value)), property.ClrType);
                var equal = Expression.Equal(column, value);
                all = all is null ? equal : Expression.AndAlso(all, equal);
            }

            any = any is null ? all : Expression.OrElse(any, all!);
        }

        var query = db.Set<TEntity>().Where(Expression.Lambda<Func<TEntity, bool>>(any!, e));
        var rows = await (tracking ? query : query.AsNoTracking()).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Cast<object>()];
    }

    /// <summary>A row reached from a subject's row.</summary>
    internal sealed record DependentRow(IEntityType Type, object Entity, string Via, bool HoldsPersonalData);

    private sealed class Box(object value)
    {
        public object Value { get; } = value;
    }

    /// <summary>Which navigations of each entity type are followed; resolved once per model (a runtime annotation).</summary>
    private sealed class Graph
    {
        private readonly Dictionary<IEntityType, INavigation[]> _navigations = [];
        private readonly HashSet<IEntityType> _personal = [];

        private Graph(IModel model)
        {
            var privacy = PrivacyModel.For(model);
            var types = model.GetEntityTypes().Where(t => !t.IsOwned()).ToList();
            _personal.UnionWith(types.Where(t => privacy.TryGet(t, out _) || privacy.OwnerOf(t) is not null));

            // A type is worth loading when it, one of its derived types, or a type it leads to holds personal data.
            var worth = new HashSet<IEntityType>(types.Where(t => t.GetDerivedTypesInclusive().Any(_personal.Contains)));
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var type in types)
                {
                    if (!worth.Contains(type) && type.GetDerivedTypesInclusive().Any(d => d.GetNavigations().Any(n => IsFollowed(n) && worth.Contains(n.TargetEntityType))))
                    {
                        changed |= worth.Add(type);
                    }
                }
            }

            foreach (var type in types)
            {
                _navigations[type] = [.. type.GetNavigations().Where(n => IsFollowed(n) && worth.Contains(n.TargetEntityType))];
            }
        }

        public static Graph For(IModel model) =>
            model.GetOrAddRuntimeAnnotationValue(AnnotationName, static m => new Graph(m!), model);

        public INavigation[] NavigationsFrom(IEntityType type) =>
            _navigations.TryGetValue(type, out var navigations) ? navigations : [];

        public bool HoldsPersonalData(IEntityType type) => _personal.Contains(type);

        /// <summary>
        /// A navigation from a principal to its non-owned dependents, whose type has no subject id of its own and a CLR
        /// type of its own (shared-type entities are not covered).
        /// </summary>
        private static bool IsFollowed(INavigation navigation) =>
            !navigation.IsOnDependent
            && !navigation.ForeignKey.IsOwnership
            && !navigation.TargetEntityType.HasSharedClrType
            && !navigation.ForeignKey.PrincipalKey.Properties.Any(p => p.IsShadowProperty())
            && !navigation.TargetEntityType.GetRootType().GetProperties().Any(PersonalDataAnnotations.IsSubjectId);
    }
}
