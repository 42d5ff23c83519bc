using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PrivacyGuard;
using PrivacyGuard.EntityFrameworkCore;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Fluent retention, the counterpart of <see cref="RetainForAttribute"/> (a fluent period replaces the attribute's).</summary>
public static class RetentionEntityTypeBuilderExtensions
{
    /// <summary>
    /// Keeps the entity type's rows for <paramref name="period"/> after the time in <paramref name="timestamp"/>; older rows
    /// are deleted or anonymized by the retention purge as the entity's <see cref="OnErasureAttribute"/> policy says.
    /// </summary>
    /// <typeparam name="TEntity">The entity type (the root of its hierarchy).</typeparam>
    /// <typeparam name="TTimestamp">The timestamp type: <see cref="DateTime"/> or <see cref="DateTimeOffset"/>, optionally nullable.</typeparam>
    /// <param name="builder">The entity type.</param>
    /// <param name="period">How long rows are kept; must be positive.</param>
    /// <param name="timestamp">The property a row's age is measured from, e.g. <c>e =&gt; e.CreatedAt</c>.</param>
    /// <returns>The same builder.</returns>
    public static EntityTypeBuilder<TEntity> RetainFor<TEntity, TTimestamp>(this EntityTypeBuilder<TEntity> builder, TimeSpan period, Expression<Func<TEntity, TTimestamp>> timestamp)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(timestamp);
        var body = timestamp.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : timestamp.Body;
        if (body is not MemberExpression { Member: var member } || body is MemberExpression { Expression: not ParameterExpression })
        {
            throw new ArgumentException("The timestamp must be a property of the entity, e.g. e => e.CreatedAt.", nameof(timestamp));
        }

        builder.HasAnnotation(PrivacyGuardAnnotationNames.RetentionPeriod, period);
        builder.HasAnnotation(PrivacyGuardAnnotationNames.RetentionTimestamp, member.Name);
        return builder;
    }
}
