using System.Collections.Concurrent;
using System.Security.Cryptography;
using PrivacyGuard.Encryption;
using PrivacyGuard.EntityFrameworkCore.Metadata;
using PrivacyGuard.Keys;

namespace PrivacyGuard.EntityFrameworkCore.Interception;

/// <summary>One blind index per entity and property, keyed from the key ring's current root key; thread-safe.</summary>
internal sealed class BlindIndexProvider(KeyRing keyRing) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<BlindIndex>> _indexes = new(StringComparer.Ordinal);

    /// <summary>The blind index of <paramref name="value"/> for <paramref name="property"/>.</summary>
    public string Compute(PrivacyProperty property, string value)
    {
        // Keyed by the type that declares the property (so rows of derived types, TPH, match a look-up on the base set) or
        // the owner at the root of an owned type, and the property path from there (Address.Street).
        var label = KeyDerivationLabels.BlindIndex(property.DeclaringEntityName, property.AssociatedName);
        var index = _indexes.GetOrAdd(label, l => new Lazy<BlindIndex>(() => Create(l))).Value;
        return property.Category == PersonalDataCategory.Email ? index.ComputeEmail(value) : index.ComputeText(value);
    }

    private BlindIndex Create(string label)
    {
        Span<byte> key = stackalloc byte[BlindIndex.KeySize];
        try
        {
            keyRing.Current.DeriveSubkey(label, key);
            return new BlindIndex(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _indexes.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }
    }
}
