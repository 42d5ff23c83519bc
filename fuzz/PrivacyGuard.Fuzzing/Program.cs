using PrivacyGuard.Fuzzing;
using SharpFuzz;

// Usage:
//   PrivacyGuard.Fuzzing <target>                   fuzz under afl-fuzz (SharpFuzz out-of-process mode); see fuzz/run.sh
//   PrivacyGuard.Fuzzing <target> <file|folder>...  replay inputs once each and report the first failure (triage)
//   PrivacyGuard.Fuzzing write-ciphertext-seeds <folder>  write the known ciphertexts (binary and text) as seeds
if (args is ["write-ciphertext-seeds", var folder])
{
    CiphertextTarget.WriteSeeds(folder);
    return 0;
}

var targets = CoreFuzzTargets.All.Concat(AspNetCoreFuzzTargets.All).ToDictionary(StringComparer.Ordinal);
if (args.Length == 0 || !targets.TryGetValue(args[0], out var target))
{
    await Console.Error.WriteLineAsync($"Usage: PrivacyGuard.Fuzzing <{string.Join('|', targets.Keys)}> [input file or folder...]").ConfigureAwait(false);
    return 2;
}

if (args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    });
    return 0;
}

return Replay.Run(target, args[1..]);
