using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// The named query filter <c>PrivacyGuard:Restriction</c> that leaves out the rows of subjects blocked for the current
/// purpose: <c>e =&gt; !Blocked&lt;TId&gt;(context).Contains(EF.Property&lt;TId&gt;(e, "SubjectId"))</c>.
/// </summary>
/// <remarks>
/// <para>The blocked ids travel as one collection parameter, taken from the in-memory snapshot each time the query runs;
/// the database never joins the restriction tables (they live in another database). EF Core treats any expression of
/// a <see cref="DbContext"/> type in a filter as "the context running the query" and evaluates the sub-expression that
/// uses it per execution, as it does for <c>this.TenantId</c>: here a typed null constant stands for the context, so
/// the cached model holds no context instance.</para>
/// <para>Inside a <see cref="ProcessingPurpose.LegalObligation"/> scope restricted subjects are not blocked (only
/// objections to LegalObligation would be, and those are refused). The converted id array is cached per snapshot set,
/// so a query allocates nothing while the registry does not change.</para>
/// </remarks>
internal static class RestrictionQueryFilter
{
    /// <summary>The filter's name, for <c>IgnoreQueryFilters(["PrivacyGuard:Restriction"])</c>.</summary>
    public const string Name = "PrivacyGuard:Restriction";

    private static readonly MethodInfo BlockedMethod =
        typeof(RestrictionQueryFilter).GetMethod(nameof(Blocked), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!;

    /// <summary>Whether ids of <paramref name="type"/> can be compared: string, Guid and integers (nullable or not).</summary>
    public static bool SupportsIdType(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t
        && (t == typeof(string) || t == typeof(Guid) || t == typeof(int) || t == typeof(long) || t == typeof(short)
            || t == typeof(byte) || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(sbyte));

    /// <summary>The filter of an entity type whose subject id is <paramref name="subjectId"/>.</summary>
    public static LambdaExpression Create(Type entityClrType, IReadOnlyProperty subjectId)
    {
        var type = subjectId.ClrType;
        var entity = Expression.Parameter(entityClrType, "e");
        var blocked = Expression.Call(BlockedMethod.MakeGenericMethod(type), Expression.Constant(null, typeof(DbContext)));
        var value = Expression.Call(PropertyMethod.MakeGenericMethod(type), entity, Expression.Constant(subjectId.Name));
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [type], blocked, value);
        return Expression.Lambda(Expression.Not(contains), entity);
    }

    /// <summary>The ids blocked for the current purpose, as the subject id property's type. Called by EF Core per query.</summary>
    internal static T[] Blocked<T>(DbContext? context)
    {
        if (context is null)
        {
            throw new InvalidOperationException("The PrivacyGuard restriction filter was evaluated without a DbContext.");
        }

        var services = PrivacyGuardOptionsExtension.Of(context).Services;
        var set = services.Restrictions.BlockedFor(services.Scope.EffectivePurpose);
        return set.Count == 0 ? [] : BlockedIds<T>.Cache.GetValue(set, BlockedIds<T>.Convert);
    }

    private static class BlockedIds<T>
    {
        public static readonly ConditionalWeakTable<IReadOnlySet<string>, T[]> Cache = [];

        private static readonly Type Target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);

        public static readonly ConditionalWeakTable<IReadOnlySet<string>, T[]>.CreateValueCallback Convert = static set =>
        {
            var ids = new List<T>(set.Count);
            foreach (var text in set)
            {
                if (TryParse(text, out var id))
                {
                    ids.Add(id);
                }
            }

            return [.. ids];
        };

        /// <summary>Parses a subject id written by <see cref="Metadata.PrivacyEntity.FormatSubjectId"/>; ids of another shape cannot match.</summary>
        private static bool TryParse(string text, out T id)
        {
            id = default!;
            if (Target == typeof(string))
            {
                id = (T)(object)text;
                return true;
            }

            if (Target == typeof(Guid))
            {
                if (!Guid.TryParse(text, out var guid))
                {
                    return false;
                }

                id = (T)(object)guid;
                return true;
            }

            try
            {
                id = (T)System.Convert.ChangeType(text, Target, CultureInfo.InvariantCulture);
                return true;
            }
            catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
            {
                return false;
            }
        }
    }
}
