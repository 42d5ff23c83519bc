namespace PrivacyGuard.Fuzzing;

/// <summary>Invariant checks for fuzz targets; a failed check throws <see cref="FuzzInvariantException"/>.</summary>
internal static class FuzzAssert
{
    public static void True(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(invariant);
        }
    }

    public static void Equal<T>(T expected, T actual, string invariant)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new FuzzInvariantException($"{invariant} (expected {expected}, got {actual})");
        }
    }

    public static void Defined<TEnum>(TEnum value, string invariant)
        where TEnum : struct, Enum => True(Enum.IsDefined(value), invariant);
}
