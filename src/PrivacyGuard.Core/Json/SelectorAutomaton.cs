using System.Text.Json;

namespace PrivacyGuard.Json;

/// <summary>
/// All selectors of a rewriter compiled into one set automaton. Each step of each selector is a position (a bit of a
/// <see cref="UInt128"/>); the set of positions active at a value says which steps its children can still match, so
/// matching costs a few bit operations per value and allocates nothing.
/// </summary>
internal sealed class SelectorAutomaton
{
    public const int MaxPositions = 128;

    private readonly JsonSelectorStep[] _steps;
    private readonly int[] _ruleOf;
    private readonly bool[] _isLast;

    public SelectorAutomaton(IReadOnlyList<JsonSelector> selectors)
    {
        var steps = new List<JsonSelectorStep>();
        var ruleOf = new List<int>();
        var isLast = new List<bool>();
        for (var rule = 0; rule < selectors.Count; rule++)
        {
            Root |= UInt128.One << steps.Count;
            var selectorSteps = selectors[rule].Steps;
            for (var i = 0; i < selectorSteps.Length; i++)
            {
                if (steps.Count == MaxPositions)
                {
                    throw new ArgumentException($"The selectors of one rewriter may have at most {MaxPositions} steps in all.", nameof(selectors));
                }

                steps.Add(selectorSteps[i]);
                ruleOf.Add(rule);
                isLast.Add(i == selectorSteps.Length - 1);
            }
        }

        _steps = [.. steps];
        _ruleOf = [.. ruleOf];
        _isLast = [.. isLast];
    }

    /// <summary>The positions active at the root value.</summary>
    public UInt128 Root { get; }

    /// <summary>
    /// The positions active at a child of a value whose positions are <paramref name="active"/>, and the first rule
    /// that selects the child (-1 for none). The child is the property whose name token <paramref name="reader"/> is
    /// on, or an array element when <paramref name="isElement"/>.
    /// </summary>
    public UInt128 Step(UInt128 active, ref Utf8JsonReader reader, bool isElement, out int selectedRule)
    {
        selectedRule = -1;
        var next = UInt128.Zero;
        var bits = active;
        while (bits != UInt128.Zero)
        {
            var position = (int)UInt128.TrailingZeroCount(bits);
            bits &= bits - UInt128.One;
            var step = _steps[position];
            bool matches;
            if (step.Kind == JsonSelectorStepKind.AnyElement)
            {
                matches = isElement;
            }
            else
            {
                matches = !isElement && reader.ValueTextEquals(step.NameUtf8);
                if (step.Kind == JsonSelectorStepKind.Descendant)
                {
                    next |= UInt128.One << position;
                }
            }

            if (!matches)
            {
                continue;
            }

            if (!_isLast[position])
            {
                next |= UInt128.One << (position + 1);
            }
            else if (selectedRule < 0)
            {
                selectedRule = _ruleOf[position];
            }
        }

        return next;
    }
}
