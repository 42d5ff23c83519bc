using System.Buffers;

namespace PrivacyGuard;

/// <summary>
/// Why personal data is processed. The six purposes of the reference policy are predefined; others can be
/// created with <see cref="Create"/>. Purposes compare by name, ignoring case.
/// </summary>
public readonly struct ProcessingPurpose : IEquatable<ProcessingPurpose>
{
    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    private readonly string? _name;

    private ProcessingPurpose(string name) => _name = name;

    /// <summary>Delivering the service the person signed up for.</summary>
    public static ProcessingPurpose ServiceDelivery { get; } = new("ServiceDelivery");

    /// <summary>Communicating with the person about the service.</summary>
    public static ProcessingPurpose Communication { get; } = new("Communication");

    /// <summary>Improving products (analytics).</summary>
    public static ProcessingPurpose ProductImprovement { get; } = new("ProductImprovement");

    /// <summary>Keeping the service and its users secure.</summary>
    public static ProcessingPurpose Security { get; } = new("Security");

    /// <summary>Marketing; the purpose people most often object to.</summary>
    public static ProcessingPurpose Marketing { get; } = new("Marketing");

    /// <summary>Meeting a legal obligation; the one purpose a restriction does not block.</summary>
    public static ProcessingPurpose LegalObligation { get; } = new("LegalObligation");

    /// <summary>The predefined purposes.</summary>
    public static IReadOnlyList<ProcessingPurpose> WellKnown { get; } =
        [ServiceDelivery, Communication, ProductImprovement, Security, Marketing, LegalObligation];

    /// <summary>The purpose's name (never null; <c>ServiceDelivery</c> for <c>default</c>).</summary>
    public string Name => _name ?? "ServiceDelivery";

    /// <summary>A purpose by name: a well-known one (any case) or a new one of 1 to 64 of <c>A-Z a-z 0-9 - _ .</c>.</summary>
    public static ProcessingPurpose Create(string name)
    {
        if (!TryCreate(name, out var purpose))
        {
            throw new ArgumentException("A purpose name must be 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' and '.'.", nameof(name));
        }

        return purpose;
    }

    /// <summary>Like <see cref="Create"/>, returning false instead of throwing.</summary>
    public static bool TryCreate(string? name, out ProcessingPurpose purpose)
    {
        purpose = default;
        if (string.IsNullOrEmpty(name) || name.Length > 64 || name.AsSpan().ContainsAnyExcept(NameChars))
        {
            return false;
        }

        foreach (var known in WellKnown)
        {
            if (string.Equals(known.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                purpose = known;
                return true;
            }
        }

        purpose = new ProcessingPurpose(name);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(ProcessingPurpose other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ProcessingPurpose other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Name);

    /// <summary>The purpose's name.</summary>
    public override string ToString() => Name;

    /// <summary>Equality by name, ignoring case.</summary>
    public static bool operator ==(ProcessingPurpose left, ProcessingPurpose right) => left.Equals(right);

    /// <summary>Inequality by name, ignoring case.</summary>
    public static bool operator !=(ProcessingPurpose left, ProcessingPurpose right) => !left.Equals(right);
}
