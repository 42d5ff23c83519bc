using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace PrivacyGuard.Keys;

/// <summary>
/// The root keys PrivacyGuard derives every other key from: one is current (used for new tokens and
/// new wrapped keys), the others stay available for reading what they produced until retired.
/// Build it with <see cref="KeyRingLoader"/> from <see cref="KeyRingOptions"/>.
/// </summary>
public sealed class KeyRing : IDisposable
{
    private readonly FrozenDictionary<string, RootKey> _keys;

    private readonly FrozenSet<string> _retired;

    internal KeyRing(IEnumerable<RootKey> keys, string currentKeyId, IEnumerable<string>? retiredKeyIds = null)
    {
        _keys = keys.ToFrozenDictionary(k => k.Id, StringComparer.Ordinal);
        _retired = (retiredKeyIds ?? []).ToFrozenSet(StringComparer.Ordinal);
        Current = _keys[currentKeyId];
    }

    /// <summary>True when <paramref name="id"/> names a retired root key (see <see cref="KeyRingOptions.RetiredKeyIds"/>).</summary>
    public bool IsRetired(string id) => _retired.Contains(id);

    /// <summary>The key used for everything new.</summary>
    public RootKey Current { get; }

    /// <summary>All keys, current included.</summary>
    public IReadOnlyCollection<RootKey> Keys => _keys.Values;

    /// <summary>Looks a key up by id.</summary>
    public bool TryGetKey(string id, [NotNullWhen(true)] out RootKey? key) => _keys.TryGetValue(id, out key);

    /// <summary>Zeroes every secret.</summary>
    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    /// <summary>Lists the key ids; never a secret.</summary>
    public override string ToString() => $"KeyRing current={Current.Id} keys=[{string.Join(",", _keys.Keys)}]";
}
