using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>
/// The subject ids of the owners a context materialized last, by principal key value, so that an owned entity, which EF
/// Core materializes right after its owner and which holds only the owner's key, is decrypted under its owner's data
/// subject. Bounded per context (the most recent <see cref="Capacity"/> owners); an entry lives as long as its context.
/// Thread-safe.
/// </summary>
internal sealed class OwnerSubjects
{
    /// <summary>How many owners a context remembers; an owned entity follows its owner within a few materializations.</summary>
    public const int Capacity = 256;

    private readonly ConditionalWeakTable<DbContext, Recent> _recent = [];

    public void Remember(DbContext context, IKey key, object?[] keyValues, string subjectId)
    {
        var recent = _recent.GetValue(context, static _ => new Recent());
        var name = (key, Format(keyValues));
        lock (recent)
        {
            if (recent.Subjects.TryAdd(name, subjectId))
            {
                recent.Order.Enqueue(name);
                if (recent.Order.Count > Capacity)
                {
                    recent.Subjects.Remove(recent.Order.Dequeue());
                }
            }
            else
            {
                recent.Subjects[name] = subjectId;
            }
        }
    }

    public string? Find(DbContext context, IKey key, object?[] keyValues)
    {
        if (!_recent.TryGetValue(context, out var recent))
        {
            return null;
        }

        lock (recent)
        {
            return recent.Subjects.TryGetValue((key, Format(keyValues)), out var subjectId) ? subjectId : null;
        }
    }

    private static string Format(object?[] values) =>
        string.Join('\u001f', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));

    private sealed class Recent
    {
        public Dictionary<(IKey Key, string Values), string> Subjects { get; } = [];

        public Queue<(IKey Key, string Values)> Order { get; } = new();
    }
}
