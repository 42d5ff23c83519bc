using System.Linq.Expressions;

namespace PrivacyGuard.EntityFrameworkCore.Query;

/// <summary>
/// The errors of <c>WherePersonal</c>, in one place. Each names the entity type and the path it was given (member and
/// method names only: never a constant, so a value captured in the lambda cannot end up in a message).
/// </summary>
internal static class WherePersonalErrors
{
    private const string Shapes =
        "WherePersonal takes a chain of properties from the entity: its own (e => e.Email), through owned (OwnsOne) "
        + "navigations and complex properties (e => e.Address.Email), or an OwnsMany collection's items with "
        + "WherePersonal(e => e.Contacts, c => c.Email, value).";

    public static ArgumentException UnsupportedShape(string rootName, LambdaExpression lambda, Expression offending, string paramName) =>
        new($"WherePersonal cannot look up {Describe(lambda.Body, lambda.Parameters[0], rootName)}, which uses {Kind(offending, lambda.Parameters[0])}: "
            + $"only a column can be compared with a stored blind index or token. {Shapes}", paramName);

    public static InvalidOperationException NotPersonal(string display) =>
        new($"{display} is not personal data; WherePersonal looks up a pseudonymized or a searchable encrypted [PersonalData] property. "
            + "Filter a property that is not personal data with Where.");

    public static InvalidOperationException NotSearchable(string display) =>
        new($"{display} is encrypted but not searchable: the database holds only its ciphertext, which cannot be compared. "
            + "To look it up, classify it with Treatment = Encrypt and Searchable = true (a blind index is then stored with it).");

    public static InvalidOperationException NotOwned(string display, string target) =>
        new($"{display} is a navigation to the entity type {target}, not an owned type: look {target} up through its own set, "
            + $"db.Set<{target}>().WherePersonal(...), and join or filter on its key.");

    public static InvalidOperationException Collection(string display) =>
        new($"{display} is an owned collection (OwnsMany): WherePersonal compares one value per row; find the entities with "
            + "an item holding the value with WherePersonal(e => e.Items, item => item.Property, value), one collection deep.");

    public static InvalidOperationException ComplexCollection(string display) =>
        new($"{display} is a complex collection, whose items WherePersonal cannot look up (nor hold protected personal data); map it with OwnsMany.");

    public static InvalidOperationException NotAnOwnedCollection(string display) =>
        new($"{display} is not an owned collection (OwnsMany) of the model: pass the collection navigation, such as e => e.Contacts, "
            + "and the item's property separately.");

    public static InvalidOperationException NotAProperty(string display) =>
        new($"{display} is an owned or complex type, not a property: name the personal-data property inside it ({display}.Email).");

    public static InvalidOperationException NotMapped(string display) =>
        new($"{display} is not mapped by the model (neither a property, an owned navigation nor a complex property), so no column holds it.");

    public static InvalidOperationException NotAnEntity(Type type, Type context) =>
        new($"{type.Name} is not an entity type of {context.Name}.");

    /// <summary>The lambda as a path (<c>Customer.Email.ToLower()</c>), without constants or captured values.</summary>
    private static string Describe(Expression node, ParameterExpression parameter, string rootName) => node switch
    {
        _ when node == parameter => rootName,
        ParameterExpression other => other.Name ?? "?",
        MemberExpression { Expression: { } inner } member => Describe(inner, parameter, rootName) + "." + member.Member.Name,
        MemberExpression member => (member.Member.DeclaringType?.Name ?? "?") + "." + member.Member.Name,
        MethodCallExpression { Method.Name: "get_Item" } call when call.Object is not null => Describe(call.Object, parameter, rootName) + "[…]",
        MethodCallExpression { Object: { } target } call => Describe(target, parameter, rootName) + "." + call.Method.Name + "(…)",
        MethodCallExpression { Arguments: [var first, ..] } call => Describe(first, parameter, rootName) + "." + call.Method.Name + "(…)",
        MethodCallExpression call => call.Method.Name + "()",
        BinaryExpression { NodeType: ExpressionType.ArrayIndex } index => Describe(index.Left, parameter, rootName) + "[…]",
        IndexExpression { Object: { } target } => Describe(target, parameter, rootName) + "[…]",
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs } cast =>
            $"(({cast.Type.Name}){Describe(cast.Operand, parameter, rootName)})",
        ConstantExpression => "(captured)",
        _ => rootName + " (" + node.NodeType + ")",
    };

    private static string Kind(Expression node, ParameterExpression parameter) => node switch
    {
        MethodCallExpression { Method.Name: "get_Item" } or BinaryExpression { NodeType: ExpressionType.ArrayIndex } or IndexExpression => "an indexer",
        MethodCallExpression call => $"a method call ({call.Method.Name})",
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs } cast => $"a cast to {cast.Type.Name}",
        _ when node == parameter => "the entity itself rather than one of its properties",
        ConstantExpression or MemberExpression { Expression: null } => "a value that is not a column of the entity",
        _ => "a " + node.NodeType + " expression",
    };
}
