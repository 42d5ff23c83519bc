using System.Text;
using CsCheck;
using PrivacyGuard.Json;

namespace PrivacyGuard.Tests.Json;

/// <summary>
/// The selectors compile into a deterministic automaton whose states are numbered up front. Descendant selectors can
/// combine into many states (each '$..aN..bN' doubles them: whether some ancestor was aN); past
/// <see cref="SelectorAutomaton.MaxStates"/> the rewriter is refused when it is created, not while rewriting.
/// </summary>
public class SelectorAutomatonTests
{
    private static JsonSelector[] NestedDescendants(int count) =>
        [.. Enumerable.Range(0, count).Select(i => JsonSelector.Parse($"$..a{i}..b{i}"))];

    [Fact]
    public void Nested_descendant_selectors_compile_into_one_state_per_reachable_combination()
    {
        // Every subset of "seen aN" can be reached, plus the dead state.
        var automaton = new SelectorAutomaton(NestedDescendants(10));
        Assert.Equal((1 << 10) + 1, automaton.StateCount);
    }

    [Fact]
    public void Selectors_combining_into_more_states_than_the_bound_are_refused_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => JsonTestRewriters.Create(
            [.. NestedDescendants(15).Select(s => JsonTestRewriters.EmailRule(s.Text))]));
        Assert.Contains("matching states", error.Message, StringComparison.Ordinal);
        Assert.Contains("descendant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reaches_says_exactly_whether_a_name_leads_to_a_live_state_or_completes_a_rule()
    {
        // The filter in front of the name comparison must never turn away a name the automaton knows.
        string[] known = ["email", "name", "lastLogin", "ip", "a", "ab", "ba", "contacts", "x"];
        string[] prefixes = ["$..", "$.", "$.users[*]."];
        var knownName = Gen.Int[0, known.Length - 1].Select(i => known[i]);
        var selectors = knownName.Array[1, 3].Select(path => "$." + string.Join('.', path))
            .Select(Gen.Int[0, prefixes.Length - 1], knownName, (simple, prefix, last) => new[] { simple, prefixes[prefix] + last });
        Gen.Select(selectors, Gen.OneOf(knownName, Gen.String[Gen.Char.AlphaNumeric, 0, 12]).Array[1, 20]).Sample((texts, names) =>
        {
            var automaton = new SelectorAutomaton([.. texts.Select(JsonSelector.Parse)]);
            for (var state = 0; state < automaton.StateCount; state++)
            {
                foreach (var name in names)
                {
                    var utf8 = Encoding.UTF8.GetBytes(name);
                    var target = automaton.StepName(state, utf8, out var rule);
                    var expected = target != SelectorAutomaton.Dead || rule >= 0;
                    Assert.Equal(expected, automaton.Reaches(state, utf8, out var reachedTarget, out var reachedRule));
                    if (expected)
                    {
                        Assert.Equal((target, rule), (reachedTarget, reachedRule));
                    }
                }
            }
        }, iter: 2_000);
    }

    [Fact]
    public void A_rewriter_with_many_nested_descendant_selectors_still_selects_exactly_what_they_name()
    {
        var rewriter = JsonTestRewriters.Create([.. NestedDescendants(12).Select(s => JsonTestRewriters.EmailRule(s.Text))]);
        var (result, output) = rewriter.Rewrite("""{"a3":{"x":[{"b3":"jane@example.org","b4":"keep@example.org"}]},"b3":"top@example.org"}""");

        Assert.True(result.IsSuccess);
        Assert.Equal(1, result.ValuesReplaced);
        Assert.Contains(JsonTestRewriters.Email("jane@example.org"), output, StringComparison.Ordinal);
        Assert.Contains("keep@example.org", output, StringComparison.Ordinal);
        Assert.Contains("top@example.org", output, StringComparison.Ordinal);
    }
}
