using System.Net;
using Serilog.Core;
using Serilog.Events;

namespace PrivacyGuard.AspNetCore.Logging;

/// <summary>
/// Rewrites the property values of each event before it reaches a sink: properties named as personal
/// (<see cref="PrivacyGuardLoggingOptions.PersonalPropertyNames"/>, at any depth) are replaced; objects of types with
/// personal data captured as scalars become <see cref="RedactionMarker.PersonalObject"/>; control characters in text
/// values and dictionary keys are encoded (<see cref="LogValueEncoder"/>). Values that need no change are kept as the
/// same instances, so a clean event is not copied.
/// </summary>
internal sealed class PrivacyGuardEnricher(LogValueReplacer replacer) : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (RewriteProperties(logEvent) is not { } changed)
        {
            return;
        }

        foreach (var property in changed)
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    /// <summary>
    /// <paramref name="logEvent"/> itself when no property needs a change, otherwise a copy with the rewritten
    /// properties (the original is left alone: other sinks may be reading it).
    /// </summary>
    internal LogEvent Copy(LogEvent logEvent)
    {
        if (RewriteProperties(logEvent) is not { } changed)
        {
            return logEvent;
        }

        var properties = new Dictionary<string, LogEventProperty>(logEvent.Properties.Count, StringComparer.Ordinal);
        foreach (var (name, value) in logEvent.Properties)
        {
            properties[name] = new LogEventProperty(name, value);
        }

        foreach (var property in changed)
        {
            properties[property.Name] = property;
        }

        return new LogEvent(
            logEvent.Timestamp,
            logEvent.Level,
            logEvent.Exception,
            logEvent.MessageTemplate,
            properties.Values,
            logEvent.TraceId ?? default,
            logEvent.SpanId ?? default);
    }

    private List<LogEventProperty>? RewriteProperties(LogEvent logEvent)
    {
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var rewritten = Rewrite(name, value);
            if (!ReferenceEquals(rewritten, value))
            {
                (changed ??= []).Add(new LogEventProperty(name, rewritten));
            }
        }

        return changed;
    }

    internal LogEventPropertyValue Rewrite(string? name, LogEventPropertyValue value)
    {
        if (name is not null && replacer.PersonalPropertyNames.TryGetValue(name, out var category))
        {
            return new ScalarValue(value is ScalarValue { Value: string or IPAddress } scalar
                ? replacer.Replace(category, scalar.Value)
                : RedactionMarker.For(category));
        }

        return value switch
        {
            ScalarValue scalar => RewriteScalar(scalar),
            StructureValue structure => RewriteStructure(structure),
            SequenceValue sequence => RewriteSequence(sequence),
            DictionaryValue dictionary => RewriteDictionary(dictionary),
            _ => value,
        };
    }

    private static ScalarValue RewriteScalar(ScalarValue scalar)
    {
        switch (scalar.Value)
        {
            case null or ValueType or Uri:
                return scalar;
            case string text:
                var encoded = LogValueEncoder.Encode(text);
                return ReferenceEquals(encoded, text) ? scalar : new ScalarValue(encoded);
            case var other:
                return RewriteObject(scalar, other);
        }
    }

    private static ScalarValue RewriteObject(ScalarValue scalar, object value)
    {
        try
        {
            if (LoggedTypeShape.For(value.GetType()) is not null)
            {
                return new ScalarValue(RedactionMarker.PersonalObject);
            }

            // A custom scalar renders through ToString(); encode what it would write.
            var rendered = value.ToString() ?? string.Empty;
            return LogValueEncoder.NeedsEncoding(rendered) ? new ScalarValue(LogValueEncoder.Encode(rendered)) : scalar;
        }
#pragma warning disable CA1031 // Fail closed: a value whose type or ToString() cannot be inspected is not written.
        catch (Exception)
#pragma warning restore CA1031
        {
            return new ScalarValue(RedactionMarker.PersonalObject);
        }
    }

    private StructureValue RewriteStructure(StructureValue structure)
    {
        var properties = structure.Properties;
        LogEventProperty[]? copy = null;
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            var rewritten = Rewrite(property.Name, property.Value);
            if (!ReferenceEquals(rewritten, property.Value))
            {
                copy ??= [.. properties];
                copy[i] = new LogEventProperty(property.Name, rewritten);
            }
        }

        return copy is null ? structure : new StructureValue(copy, structure.TypeTag);
    }

    private SequenceValue RewriteSequence(SequenceValue sequence)
    {
        var elements = sequence.Elements;
        LogEventPropertyValue[]? copy = null;
        for (var i = 0; i < elements.Count; i++)
        {
            var rewritten = Rewrite(null, elements[i]);
            if (!ReferenceEquals(rewritten, elements[i]))
            {
                copy ??= [.. elements];
                copy[i] = rewritten;
            }
        }

        return copy is null ? sequence : new SequenceValue(copy);
    }

    private DictionaryValue RewriteDictionary(DictionaryValue dictionary)
    {
        var changed = false;
        var entries = new List<KeyValuePair<ScalarValue, LogEventPropertyValue>>(dictionary.Elements.Count);
        foreach (var (key, value) in dictionary.Elements)
        {
            var newKey = RewriteScalar(key);
            var newValue = Rewrite(key.Value as string, value);
            changed |= !ReferenceEquals(newKey, key) || !ReferenceEquals(newValue, value);
            entries.Add(new(newKey, newValue));
        }

        return changed ? new DictionaryValue(entries) : dictionary;
    }
}
