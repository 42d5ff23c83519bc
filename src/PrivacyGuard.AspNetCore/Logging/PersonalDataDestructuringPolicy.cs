using Serilog.Core;
using Serilog.Events;

namespace PrivacyGuard.AspNetCore.Logging;

/// <summary>
/// Destructures objects whose type has <see cref="PersonalDataAttribute"/> properties (<c>{@User}</c>): personal
/// properties are replaced (see <see cref="LogValueReplacer"/>), the others are captured by Serilog as usual, so nested
/// objects and collections come back through this policy. Types without personal data are left to Serilog.
/// </summary>
internal sealed class PersonalDataDestructuringPolicy(LogValueReplacer replacer) : IDestructuringPolicy
{
    public bool TryDestructure(object value, ILogEventPropertyValueFactory propertyValueFactory, out LogEventPropertyValue result)
    {
        var shape = LoggedTypeShape.For(value.GetType());
        if (shape is null)
        {
            result = null!;
            return false;
        }

        var members = shape.Members;
        var properties = new LogEventProperty[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            var member = members[i];
            properties[i] = new LogEventProperty(member.Name, Capture(member, value, propertyValueFactory));
        }

        result = new StructureValue(properties, shape.TypeTag);
        return true;
    }

    private LogEventPropertyValue Capture(LoggedMember member, object instance, ILogEventPropertyValueFactory factory)
    {
        object? memberValue;
        try
        {
            memberValue = member.Getter(instance);
        }
#pragma warning disable CA1031 // Like Serilog: a throwing getter must not break logging; its message is not written (it may hold the value).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new ScalarValue("The property accessor threw an exception: " + ex.GetType().Name);
        }

        if (member.Personal is { } personal)
        {
            return new ScalarValue(replacer.Replace(personal.Category, memberValue));
        }

        return factory.CreatePropertyValue(memberValue, destructureObjects: true);
    }
}
