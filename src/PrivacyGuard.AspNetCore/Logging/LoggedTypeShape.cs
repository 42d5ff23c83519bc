using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;

namespace PrivacyGuard.AspNetCore.Logging;

/// <summary>
/// The readable public properties of a type that holds personal data, resolved once per type with compiled getters;
/// personal ones carry their <see cref="PersonalDataProperty"/> from <see cref="PersonalDataMetadata"/>. Types without
/// personal data have no shape (null), so the policy leaves them to Serilog.
/// </summary>
internal sealed class LoggedTypeShape
{
    private static readonly ConcurrentDictionary<Type, LoggedTypeShape?> Cache = new();

    private LoggedTypeShape(string? typeTag, LoggedMember[] members)
    {
        TypeTag = typeTag;
        Members = members;
    }

    /// <summary>The type name Serilog writes as <c>_typeTag</c>; null for compiler-generated (anonymous) types.</summary>
    public string? TypeTag { get; }

    /// <summary>The members, personal or not, in declaration order.</summary>
    public LoggedMember[] Members { get; }

    /// <summary>The shape of <paramref name="type"/>, or null when it holds no personal data.</summary>
    public static LoggedTypeShape? For([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type) =>
        Cache.GetOrAdd(type, static t => Build(t));

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Logged types are preserved by the application that logs them.")]
    private static LoggedTypeShape? Build(Type type)
    {
        var info = PersonalDataMetadata.For(type);
        if (!info.HasPersonalData)
        {
            return null;
        }

        var members = new List<LoggedMember>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.FlattenHierarchy))
        {
            if (!property.CanRead || property.GetIndexParameters().Length != 0 || property.GetMethod?.IsPublic != true || !seen.Add(property.Name))
            {
                continue;
            }

            members.Add(info.TryGetProperty(property.Name, out var personal)
                ? new LoggedMember(property.Name, personal.GetValue, personal)
                : new LoggedMember(property.Name, CompileGetter(property), null));
        }

        var typeTag = type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false) ? null : type.Name;
        return new LoggedTypeShape(typeTag, [.. members]);
    }

    private static Func<object, object?> CompileGetter(PropertyInfo property)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var body = Expression.Convert(Expression.Property(Expression.Convert(instance, property.DeclaringType!), property), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, instance).Compile();
    }
}

/// <summary>One readable property of a logged type; <see cref="Personal"/> is set when it is marked personal data.</summary>
internal sealed record LoggedMember(string Name, Func<object, object?> Getter, PersonalDataProperty? Personal);
