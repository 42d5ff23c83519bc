using CsCheck;
using PrivacyGuard.Fuzzing;

namespace PrivacyGuard.AspNetCore.Tests.Fuzzing;

/// <summary>
/// Replays every committed forwarded-header fuzz corpus file (fuzz/corpus/forwarded/) through the same target code the
/// AFL++ harness runs, then feeds the target random header text.
/// </summary>
public class CorpusReplayTests
{
    private static readonly string CorpusRoot = Path.Combine(AppContext.BaseDirectory, "FuzzCorpus");

    public static TheoryData<string, string> CorpusFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in AspNetCoreFuzzTargets.All.Keys)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(CorpusRoot, target)).Order(StringComparer.Ordinal))
            {
                data.Add(target, Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_input_satisfies_the_target_invariants(string target, string file) =>
        AspNetCoreFuzzTargets.All[target](File.ReadAllBytes(Path.Combine(CorpusRoot, target, file)));

    [Fact]
    public void The_forwarded_corpus_has_at_least_ten_inputs() =>
        Assert.True(Directory.EnumerateFiles(Path.Combine(CorpusRoot, "forwarded")).Count() >= 10);

    [Fact]
    public void Random_header_text_satisfies_the_forwarded_invariants() =>
        Gen.Char["for=\"[]:;,_ \t\\\n.0123456789abcdefABCDEF%xyunkow"].Array[0, 120]
            .Sample(chars => AspNetCoreFuzzTargets.All["forwarded"](System.Text.Encoding.UTF8.GetBytes(chars)), iter: 10_000);
}
