using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Query;

/// <summary>
/// Where a <c>WherePersonal</c> lambda leads: a chain of member accesses from the lambda's parameter through owned
/// reference navigations (<c>OwnsOne</c>, nested) and complex properties to one property, resolved against the EF Core
/// model rather than CLR types (one CLR type may be owned under several navigations, each with its own blind-index key).
/// </summary>
/// <param name="EntityType">The entity type (possibly owned) that holds the property, directly or through complex properties.</param>
/// <param name="Instance">The expression of that entity instance: the parameter, or the owned navigations leading to it.</param>
/// <param name="ComplexPath">The complex properties from <paramref name="EntityType"/> to the property, by name.</param>
/// <param name="Member">The whole member chain, the property itself last.</param>
/// <param name="Display">The path for messages: the root's name and the members, e.g. <c>Customer.Home.Email</c>.</param>
internal sealed record PersonalMemberPath(IEntityType EntityType, Expression Instance, IReadOnlyList<string> ComplexPath, MemberExpression Member, string Display)
{
    /// <summary>The property's name as <see cref="PrivacyProperty.Name"/> spells it on <see cref="EntityType"/>: <c>Email</c>, <c>Door.Code</c>.</summary>
    public string PropertyName => PrivacyPlace.Join([.. ComplexPath, Member.Member.Name]);

    /// <summary>
    /// Resolves <paramref name="lambda"/> (<c>c =&gt; c.Home.Email</c>) from <paramref name="root"/> to the property it
    /// names; throws when it is not a chain of members ending in a mapped property.
    /// </summary>
    public static PersonalMemberPath ToProperty(IEntityType root, string rootName, LambdaExpression lambda)
    {
        var chain = Chain(lambda, rootName, "property");
        var walk = Walk(root, rootName, chain, chain.Count - 1);
        var last = chain[^1];
        var display = walk.Display + "." + last.Member.Name;
        if (walk.Type.FindProperty(last.Member.Name) is null)
        {
            var navigation = (walk.Type as IEntityType)?.FindNavigation(last.Member.Name);
            throw navigation is { IsCollection: true } ? WherePersonalErrors.Collection(display)
                : navigation is not null || walk.Type.FindComplexProperty(last.Member.Name) is not null ? WherePersonalErrors.NotAProperty(display)
                : WherePersonalErrors.NotMapped(display);
        }

        return new PersonalMemberPath(walk.EntityType, walk.Instance, walk.ComplexPath, last, display);
    }

    /// <summary>
    /// Resolves <paramref name="lambda"/> (<c>c =&gt; c.Contacts</c>) from <paramref name="root"/> to an owned collection
    /// navigation (<c>OwnsMany</c>); returns the collection expression, the owned entity type and the display path.
    /// </summary>
    public static (Expression Collection, IEntityType ItemType, string Display) ToCollection(IEntityType root, string rootName, LambdaExpression lambda)
    {
        var body = lambda.Body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.TypeAs } convert && convert.Type.IsAssignableFrom(convert.Operand.Type)
            ? convert.Operand
            : lambda.Body;
        var chain = Chain(Expression.Lambda(body, lambda.Parameters), rootName, "collection");
        var walk = Walk(root, rootName, chain, chain.Count - 1);
        var last = chain[^1];
        var display = walk.Display + "." + last.Member.Name;
        if (walk.Type is not IEntityType entityType || entityType.FindNavigation(last.Member.Name) is not { IsCollection: true } navigation
            || !navigation.ForeignKey.IsOwnership || navigation.IsOnDependent)
        {
            throw WherePersonalErrors.NotAnOwnedCollection(display);
        }

        return (last, navigation.TargetEntityType, display);
    }

    /// <summary>The member accesses of the lambda's body, outermost last; throws on any other shape.</summary>
    private static List<MemberExpression> Chain(LambdaExpression lambda, string rootName, string paramName)
    {
        var chain = new List<MemberExpression>();
        var node = lambda.Body;
        while (node is MemberExpression { Expression: { } inner } member)
        {
            chain.Add(member);
            node = inner;
        }

        if (node != lambda.Parameters[0] || chain.Count == 0)
        {
            throw WherePersonalErrors.UnsupportedShape(rootName, lambda, node, paramName);
        }

        chain.Reverse();
        return chain;
    }

    /// <summary>Follows the first <paramref name="count"/> members of <paramref name="chain"/> through owned references and complex properties.</summary>
    private static Walked Walk(IEntityType root, string rootName, List<MemberExpression> chain, int count)
    {
        IEntityType entityType = root;
        ITypeBase type = root;
        Expression instance = chain[0].Expression!;
        var complexPath = new List<string>();
        var display = rootName;
        for (var i = 0; i < count; i++)
        {
            var name = chain[i].Member.Name;
            display += "." + name;
            if (type is IEntityType current && current.FindNavigation(name) is { } navigation)
            {
                if (!navigation.ForeignKey.IsOwnership || navigation.IsOnDependent)
                {
                    throw WherePersonalErrors.NotOwned(display, navigation.TargetEntityType.ClrType.Name);
                }

                if (navigation.IsCollection)
                {
                    throw WherePersonalErrors.Collection(display);
                }

                type = entityType = navigation.TargetEntityType;
                instance = chain[i];
            }
            else if (type.FindComplexProperty(name) is { } complex)
            {
                if (complex.IsCollection)
                {
                    throw WherePersonalErrors.ComplexCollection(display);
                }

                complexPath.Add(name);
                type = complex.ComplexType;
            }
            else
            {
                throw WherePersonalErrors.NotMapped(display);
            }
        }

        return new Walked(entityType, type, instance, complexPath, display);
    }

    private sealed record Walked(IEntityType EntityType, ITypeBase Type, Expression Instance, List<string> ComplexPath, string Display);
}
