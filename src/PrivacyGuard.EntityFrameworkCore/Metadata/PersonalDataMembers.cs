using Microsoft.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Metadata;

/// <summary>A property the personal-data convention looks at: declared by an entity type or inside its complex properties.</summary>
/// <param name="Property">The property.</param>
/// <param name="Complex">The complex properties leading to it from the entity type; empty when the entity type declares it.</param>
/// <param name="Path">Its path from the entity type, e.g. <c>Address.Street</c>.</param>
internal readonly record struct PersonalDataMember(IConventionProperty Property, IReadOnlyList<IConventionComplexProperty> Complex, string Path);

/// <summary>Enumerates the properties an entity type declares, directly and through its (nested) complex properties.</summary>
internal static class PersonalDataMembers
{
    public static IEnumerable<PersonalDataMember> Of(IConventionEntityType entityType)
    {
        foreach (var property in entityType.GetDeclaredProperties())
        {
            yield return new PersonalDataMember(property, [], property.Name);
        }

        foreach (var complexProperty in entityType.GetDeclaredComplexProperties())
        {
            foreach (var member in Of(complexProperty, []))
            {
                yield return member;
            }
        }
    }

    private static IEnumerable<PersonalDataMember> Of(IConventionComplexProperty complexProperty, IConventionComplexProperty[] outer)
    {
        IConventionComplexProperty[] path = [.. outer, complexProperty];
        var prefix = string.Join('.', path.Select(c => c.Name));
        foreach (var property in complexProperty.ComplexType.GetDeclaredProperties())
        {
            yield return new PersonalDataMember(property, path, prefix + "." + property.Name);
        }

        foreach (var nested in complexProperty.ComplexType.GetDeclaredComplexProperties())
        {
            foreach (var member in Of(nested, path))
            {
                yield return member;
            }
        }
    }
}
