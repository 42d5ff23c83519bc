using CsCheck;
using PrivacyGuard.Fuzzing;

namespace PrivacyGuard.Tests.Fuzzing;

/// <summary>
/// Replays every committed fuzz corpus file (fuzz/corpus/&lt;target&gt;/) through the same target code the AFL++ harness
/// runs, so a regression on a known input fails CI in seconds; then feeds each target random bytes.
/// </summary>
public class CorpusReplayTests
{
    private static readonly string CorpusRoot = Path.Combine(AppContext.BaseDirectory, "FuzzCorpus");

    public static TheoryData<string, string> CorpusFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in CoreFuzzTargets.All.Keys)
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
        CoreFuzzTargets.All[target](File.ReadAllBytes(Path.Combine(CorpusRoot, target, file)));

    [Fact]
    public void Every_core_target_has_a_corpus_of_at_least_ten_inputs()
    {
        foreach (var target in CoreFuzzTargets.All.Keys)
        {
            Assert.True(Directory.EnumerateFiles(Path.Combine(CorpusRoot, target)).Count() >= 10, target);
        }
    }

    [Fact]
    public void The_ciphertext_corpus_holds_the_known_ciphertexts_so_the_success_path_is_covered()
    {
        var folder = Path.Combine(CorpusRoot, "ciphertext");
        Assert.Equal(CiphertextTarget.KnownAegis, File.ReadAllBytes(Path.Combine(folder, "known-aegis256.bin")));
        Assert.Equal(CiphertextTarget.KnownXChaCha, File.ReadAllBytes(Path.Combine(folder, "known-xchacha20.bin")));
    }

    [Theory]
    [InlineData("email")]
    [InlineData("ip")]
    [InlineData("json")]
    [InlineData("ciphertext")]
    public void Random_bytes_satisfy_the_target_invariants(string target) =>
        Gen.Byte.Array[0, 128].Sample(bytes => CoreFuzzTargets.All[target](bytes), iter: 10_000);

    [Fact]
    public void A_violated_invariant_throws_an_exception_that_names_it()
    {
        var exception = Assert.Throws<FuzzInvariantException>(() => FuzzAssert.Equal(1, 2, "one is two"));
        Assert.Contains("one is two", exception.Message);
    }
}
