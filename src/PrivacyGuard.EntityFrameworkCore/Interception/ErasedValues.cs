using System.Runtime.CompilerServices;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>
/// Remembers which properties of which entity instances were read as null because their subject was shredded, so
/// callers can tell "erased" from "empty". Weak: an entry lives exactly as long as its entity. Thread-safe.
/// </summary>
internal sealed class ErasedValues
{
    private readonly ConditionalWeakTable<object, HashSet<string>> _erased = [];

    public void Mark(object entity, string property)
    {
        var set = _erased.GetValue(entity, static _ => new HashSet<string>(StringComparer.Ordinal));
        lock (set)
        {
            set.Add(property);
        }
    }

    public void Clear(object entity, string property)
    {
        if (_erased.TryGetValue(entity, out var set))
        {
            lock (set)
            {
                set.Remove(property);
            }
        }
    }

    public bool IsErased(object entity, string property)
    {
        if (!_erased.TryGetValue(entity, out var set))
        {
            return false;
        }

        lock (set)
        {
            return set.Contains(property);
        }
    }
}
