namespace PrivacyGuard.Fuzzing;

/// <summary>
/// Thrown by a fuzz target when an invariant does not hold: a real bug. Its message names the invariant, never the
/// input (the input is the crash file the fuzzer saved).
/// </summary>
internal sealed class FuzzInvariantException(string invariant, Exception? inner = null)
    : Exception($"Fuzz invariant violated: {invariant}", inner);
