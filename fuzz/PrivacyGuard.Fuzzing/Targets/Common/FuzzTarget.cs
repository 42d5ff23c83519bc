namespace PrivacyGuard.Fuzzing;

/// <summary>
/// One fuzz target: runs the code under test on <paramref name="data"/> and checks its invariants. It returns normally
/// for every input the code handles as documented and throws only on a real bug.
/// </summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> data);
