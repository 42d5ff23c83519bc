namespace PrivacyGuard.Encryption;

/// <summary>The outcome of looking up the data key a ciphertext was made with.</summary>
public readonly struct SubjectKeyLookup : IDisposable
{
    internal SubjectKeyLookup(SubjectKeyLease lease)
    {
        Lease = lease;
        IsErased = false;
    }

    private SubjectKeyLookup(bool erased)
    {
        Lease = default;
        IsErased = erased;
    }

    /// <summary>The subject's key was shredded (or replaced since): its values are erased, not corrupt.</summary>
    public static SubjectKeyLookup Erased { get; } = new(erased: true);

    /// <summary>True when the data is erased; <see cref="Lease"/> then holds no key.</summary>
    public bool IsErased { get; }

    /// <summary>The key, when found. Dispose the lookup (or the lease) when done.</summary>
    public SubjectKeyLease Lease { get; }

    /// <summary>Releases the key.</summary>
    public void Dispose() => Lease.Dispose();
}
