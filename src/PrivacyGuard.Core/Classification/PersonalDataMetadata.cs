using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;

namespace PrivacyGuard;

/// <summary>
/// Resolves the personal-data members of a type once and caches the result. Reflection runs on the first call
/// per type only; later calls are a dictionary look-up (or a static field read with <see cref="For{T}"/>),
/// and values are read and written through compiled delegates.
/// </summary>
public static class PersonalDataMetadata
{
    private static readonly ConcurrentDictionary<Type, PersonalDataTypeInfo> Cache = new();

    /// <summary>The personal-data members of <typeparamref name="T"/>.</summary>
    public static PersonalDataTypeInfo For<T>() => TypeCache<T>.Info;

    /// <summary>The personal-data members of <paramref name="type"/>.</summary>
    public static PersonalDataTypeInfo For([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Cache.GetOrAdd(type, static t => Build(t));
    }

    private static PersonalDataTypeInfo Build(Type type)
    {
        var properties = new List<PersonalDataProperty>();
        string? subjectId = null;
        Func<object, object?>? subjectGetter = null;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length != 0 || !property.CanRead)
            {
                continue;
            }

            if (property.GetCustomAttribute<DataSubjectIdAttribute>() is not null)
            {
                if (subjectId is not null)
                {
                    throw new InvalidOperationException($"{type.Name} marks both {subjectId} and {property.Name} with [DataSubjectId]; mark one.");
                }

                subjectId = property.Name;
                subjectGetter = CompileGetter(property);
            }

            var attribute = property.GetCustomAttribute<PersonalDataAttribute>();
            if (attribute is null)
            {
                continue;
            }

            properties.Add(new PersonalDataProperty(
                property.Name,
                property.PropertyType,
                attribute.Category,
                attribute.EffectiveTreatment,
                attribute.Searchable,
                CompileGetter(property),
                property.CanWrite && property.SetMethod!.IsPublic ? CompileSetter(property) : null));
        }

        return new PersonalDataTypeInfo(type, properties, subjectId, subjectGetter);
    }

    private static Func<object, object?> CompileGetter(PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var body = Expression.Convert(Expression.Property(Expression.Convert(instance, property.DeclaringType!), property), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, instance).Compile();
    }

    private static Action<object, object?> CompileSetter(PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var value = Expression.Parameter(typeof(object), "value");
        var body = Expression.Assign(
            Expression.Property(Expression.Convert(instance, property.DeclaringType!), property),
            Expression.Convert(value, property.PropertyType));
        return Expression.Lambda<Action<object, object?>>(body, instance, value).Compile();
    }

    private static class TypeCache<T>
    {
        public static readonly PersonalDataTypeInfo Info = Cache.GetOrAdd(typeof(T), static t => Build(t));
    }
}
