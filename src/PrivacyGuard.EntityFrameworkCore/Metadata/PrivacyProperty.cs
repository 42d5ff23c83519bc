using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Metadata;

/// <summary>One personal-data property: its classification, its blind index and compiled accessors.</summary>
internal sealed class PrivacyProperty
{
    private readonly IClrPropertyGetter _getter;
    private readonly Lazy<Action<object, object?>> _setter;

    public PrivacyProperty(IProperty property, PersonalDataCategory category, Treatment treatment, IProperty? blindIndex)
    {
        Property = property;
        Name = property.Name;
        DeclaringEntityName = property.DeclaringType.ClrType.Name;
        Category = category;
        Treatment = treatment;
        BlindIndex = blindIndex;
        IsBinary = property.ClrType == typeof(byte[]);
        _getter = property.GetGetter();
        _setter = new Lazy<Action<object, object?>>(() => CompileSetter(property));
    }

    public IProperty Property { get; }

    public string Name { get; }

    /// <summary>
    /// The CLR name of the entity type that declares the property: bound into each ciphertext's associated data and
    /// each blind-index key, so a value reads the same through a base or a derived type (TPH).
    /// </summary>
    public string DeclaringEntityName { get; }

    public PersonalDataCategory Category { get; }

    public Treatment Treatment { get; }

    /// <summary>The shadow property holding the blind index, for a searchable encrypted property.</summary>
    public IProperty? BlindIndex { get; }

    public bool IsBinary { get; }

    public object? GetValue(object entity) => _getter.GetClrValueUsingContainingEntity(entity);

    /// <summary>Sets the CLR value directly on an entity instance (used while it is materialized, before tracking).</summary>
    public void SetValue(object entity, object? value) => _setter.Value(entity, value);

    private static Action<object, object?> CompileSetter(IProperty property)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var value = Expression.Parameter(typeof(object), "value");
        var target = Expression.Convert(instance, property.DeclaringType.ClrType);
        MemberExpression member = property.PropertyInfo is { } info && info.GetSetMethod(nonPublic: true) is not null
            ? Expression.Property(target, info)
            : Expression.Field(target, property.FieldInfo ?? throw new InvalidOperationException(
                $"{property.DeclaringType.ClrType.Name}.{property.Name} has neither a setter nor a backing field PrivacyGuard can write the decrypted value to."));
        var body = Expression.Assign(member, Expression.Convert(value, property.ClrType));
        return Expression.Lambda<Action<object, object?>>(body, instance, value).Compile();
    }
}
