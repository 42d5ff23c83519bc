using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Metadata;

/// <summary>
/// One personal-data property of an entity type: its classification, its blind index, where it sits (directly on the
/// entity or inside complex properties) and compiled accessors.
/// </summary>
internal sealed class PrivacyProperty
{
    private readonly IClrPropertyGetter[] _complexGetters;
    private readonly IClrPropertyGetter _getter;
    private readonly Lazy<Action<object, object?>> _setter;

    public PrivacyProperty(
        IProperty property,
        PersonalDataCategory category,
        Treatment treatment,
        IProperty? blindIndex,
        IReadOnlyList<IComplexProperty> complexPath,
        PrivacyPlace place)
    {
        Property = property;
        ComplexPath = complexPath;
        Name = PrivacyPlace.Join(complexPath.Select(c => c.Name).Append(property.Name));
        DeclaringEntityName = place.RootEntityName ?? (complexPath.Count == 0 ? property.DeclaringType : complexPath[0].DeclaringType).ClrType.Name;
        AssociatedName = PrivacyPlace.Join([place.Prefix, Name]);
        Category = category;
        Treatment = treatment;
        BlindIndex = blindIndex;
        IsBinary = property.ClrType == typeof(byte[]);
        CanSetValue = property.FieldInfo is not null || property.PropertyInfo?.GetSetMethod(nonPublic: true) is not null;
        _complexGetters = [.. complexPath.Select(c => c.GetGetter())];
        _getter = property.GetGetter();
        _setter = new Lazy<Action<object, object?>>(() => CompileSetter(property));
    }

    public IProperty Property { get; }

    /// <summary>The complex properties leading from the entity to <see cref="Property"/>; empty when the entity declares it.</summary>
    public IReadOnlyList<IComplexProperty> ComplexPath { get; }

    /// <summary>The property's path from its entity instance: <c>Email</c>, or <c>Address.Street</c> inside a complex property.</summary>
    public string Name { get; }

    /// <summary>
    /// The CLR name of the entity type the value belongs to: the type that declares the property (so a value reads the
    /// same through a base or a derived type, TPH), or the owner at the root of an owned type. Bound into each
    /// ciphertext's associated data and each blind-index key together with <see cref="AssociatedName"/>.
    /// </summary>
    public string DeclaringEntityName { get; }

    /// <summary>
    /// The property's path from <see cref="DeclaringEntityName"/>: <c>Email</c>, <c>Address.Street</c> for a complex
    /// property or an owned type <c>Address</c> of <c>Customer</c>.
    /// </summary>
    public string AssociatedName { get; }

    public PersonalDataCategory Category { get; }

    public Treatment Treatment { get; }

    /// <summary>The shadow property holding the blind index, for a searchable encrypted property.</summary>
    public IProperty? BlindIndex { get; }

    public bool IsBinary { get; }

    /// <summary>True when <see cref="SetValue"/> can write the value to the CLR object (a setter or a backing field).</summary>
    public bool CanSetValue { get; }

    /// <summary>The object that holds the property: the entity, or the complex object the path leads to (null when one is null).</summary>
    public object? ContainerOf(object entity)
    {
        var container = entity;
        foreach (var getter in _complexGetters)
        {
            container = getter.GetClrValue(container);
            if (container is null)
            {
                return null;
            }
        }

        return container;
    }

    public object? GetValue(object entity) => ContainerOf(entity) is { } container ? _getter.GetClrValue(container) : null;

    /// <summary>Sets the CLR value directly on an entity instance (used while it is materialized, before tracking).</summary>
    public void SetValue(object entity, object? value)
    {
        if (ContainerOf(entity) is { } container)
        {
            _setter.Value(container, value);
        }
    }

    /// <summary>The change-tracking entry of the property, through its complex properties; null when one of them is null.</summary>
    public PropertyEntry? EntryOf(EntityEntry entry)
    {
        if (ComplexPath.Count == 0)
        {
            return entry.Property(Property);
        }

        if (ContainerOf(entry.Entity) is null)
        {
            return null;
        }

        var complex = entry.ComplexProperty(ComplexPath[0]);
        for (var i = 1; i < ComplexPath.Count; i++)
        {
            complex = complex.ComplexProperty(ComplexPath[i]);
        }

        return complex.Property(Property);
    }

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
