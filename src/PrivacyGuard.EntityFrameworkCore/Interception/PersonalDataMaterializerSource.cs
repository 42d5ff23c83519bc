// The relational materializer source and its dependencies are EF Core's own implementation of the public
// IStructuralTypeMaterializerSource (in an .Internal namespace); they are wrapped here, not changed.
#pragma warning disable EF1001

using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>
/// EF Core's relational materializer, extended so that every entity type with personal data (or owning a type that has
/// some) is handed to <see cref="PersonalDataMaterializer"/> right after its properties are set, before EF Core tracks
/// it, together with the few column values it needs (subject id, owner keys), read from the row inline.
/// </summary>
/// <remarks>
/// This replaces an <c>IMaterializationInterceptor</c>, which did the same but made EF Core build, for every row of
/// every entity type, a dictionary of two compiled accessors per property (each a delegate created at run time) whether
/// they were used or not: 12% of the CPU time of a 1,000-row query with its access events, in a perf profile. Entity types without personal data get EF
/// Core's materializer unchanged. <see cref="GetMaterializer(IEntityType)"/> (used by change tracking, such as
/// <c>PropertyValues.ToObject()</c>, never by queries) builds from values already in memory and is EF Core's own.
/// </remarks>
internal sealed class PersonalDataMaterializerSource(StructuralTypeMaterializerSourceDependencies dependencies) : IStructuralTypeMaterializerSource
{
    private readonly RelationalStructuralTypeMaterializerSource _inner = new(dependencies);

    private static readonly MethodInfo InitializedMethod = typeof(PersonalDataMaterializer).GetMethod(nameof(PersonalDataMaterializer.Initialized))!;

    private static readonly PropertyInfo ContextProperty = typeof(MaterializationContext).GetProperty(nameof(MaterializationContext.Context))!;

    public Expression CreateMaterializeExpression(StructuralTypeMaterializerSourceParameters parameters, Expression materializationContextExpression)
    {
        var materialize = _inner.CreateMaterializeExpression(parameters, materializationContextExpression);
        if (parameters.StructuralType is not IEntityType entityType || MaterializationPlan.For(entityType) is not { } plan)
        {
            return materialize;
        }

        // instance = <EF Core's materializer>;
        // return instance == null ? null : (T)materializer.Initialized(context, plan, instance, new object[] { row values });
        // (an empty array, shared, when the plan reads no column values: the subject id is read from the entity)
        var instance = Expression.Variable(materialize.Type, "instance");
        var valueBuffer = Expression.Call(materializationContextExpression, MaterializationContext.GetValueBufferMethod);
        var initialized = Expression.Call(
            Expression.Constant(PersonalDataMaterializer.Instance),
            InitializedMethod,
            Expression.Property(materializationContextExpression, ContextProperty),
            Expression.Constant(plan),
            Expression.Convert(instance, typeof(object)),
            plan.Reads.Length == 0
                ? Expression.Constant(Array.Empty<object?>(), typeof(object?[]))
                : Expression.NewArrayInit(typeof(object), plan.Reads.Select(property => ReadValue(valueBuffer, property))));
        return Expression.Block(
            [instance],
            Expression.Assign(instance, materialize),
            Expression.Condition(
                Expression.ReferenceEqual(instance, Expression.Constant(null, instance.Type)),
                instance,
                Expression.Convert(initialized, instance.Type)));
    }

    public Func<MaterializationContext, object> GetMaterializer(IEntityType entityType) => _inner.GetMaterializer(entityType);

    public Func<MaterializationContext, object> GetMaterializer(IComplexType complexType) => _inner.GetMaterializer(complexType);

    public Func<MaterializationContext, object> GetEmptyMaterializer(IEntityType entityType) => _inner.GetEmptyMaterializer(entityType);

    public Func<MaterializationContext, object> GetEmptyMaterializer(IComplexType complexType) => _inner.GetEmptyMaterializer(complexType);

    /// <summary>A column value as EF Core's own accessors read it (keys as object first), boxed.</summary>
    private static UnaryExpression ReadValue(Expression valueBuffer, IProperty property)
    {
        var value = property.IsPrimaryKey()
            ? Expression.Convert(valueBuffer.CreateValueBufferReadValueExpression(typeof(object), property.GetIndex(), property), property.ClrType)
            : valueBuffer.CreateValueBufferReadValueExpression(property.ClrType, property.GetIndex(), property);
        return Expression.Convert(value, typeof(object));
    }
}
