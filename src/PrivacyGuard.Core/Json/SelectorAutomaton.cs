using System.Runtime.CompilerServices;

namespace PrivacyGuard.Json;

/// <summary>
/// All selectors of a rewriter compiled into one deterministic automaton. Each step of each selector is a position;
/// the set of positions active at a value says which steps its children can still match. Because a child's positions
/// depend only on whether it is an array element or on which of the selectors' literal names it has, every reachable
/// set is known in advance: they are numbered once, at construction, and a rewrite carries only a state number per
/// open container. Matching a property name then costs a comparison with the few names its parent's state can match,
/// and allocates nothing.
/// </summary>
internal sealed class SelectorAutomaton
{
    public const int MaxPositions = 128;

    /// <summary>Bounds the states descendant selectors can combine into; real rule sets have a few dozen.</summary>
    public const int MaxStates = 16_384;

    /// <summary>The state of values no selector can reach below: nothing to match, nothing to track.</summary>
    public const int Dead = 0;

    private readonly int[] _elementTarget;
    private readonly int[] _elementRule;
    private readonly int[] _otherNameTarget;
    private readonly NameTransition[][] _names;
    private readonly ulong[] _nameFilters;

    public SelectorAutomaton(IReadOnlyList<JsonSelector> selectors)
    {
        var steps = new List<JsonSelectorStep>();
        var ruleOf = new List<int>();
        var isLast = new List<bool>();
        var root = UInt128.Zero;
        for (var rule = 0; rule < selectors.Count; rule++)
        {
            root |= UInt128.One << steps.Count;
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

        var builder = new Builder([.. steps], [.. ruleOf], [.. isLast]);
        Root = builder.Compile(root);
        _elementTarget = [.. builder.ElementTarget];
        _elementRule = [.. builder.ElementRule];
        _otherNameTarget = [.. builder.OtherNameTarget];
        _names = [.. builder.Names];
        _nameFilters = new ulong[_names.Length];
        for (var state = 0; state < _names.Length; state++)
        {
            // Any name leads somewhere when a descendant selector is active: then every bit is set.
            var filter = _otherNameTarget[state] != Dead ? ulong.MaxValue : 0;
            foreach (var transition in _names[state])
            {
                filter |= 1UL << FilterBit(transition.Key);
            }

            _nameFilters[state] = filter;
        }
    }

    /// <summary>The state of the root value.</summary>
    public int Root { get; }

    /// <summary>The number of states, <see cref="Dead"/> included.</summary>
    public int StateCount => _names.Length;

    /// <summary>The state of an element of an array in <paramref name="state"/>, and the first rule that selects it (-1 for none).</summary>
    public int StepElement(int state, out int selectedRule)
    {
        selectedRule = _elementRule[state];
        return _elementTarget[state];
    }

    /// <summary>Whether a property's name decides its state in <paramref name="state"/> (some selector names a property there).</summary>
    public bool HasNames(int state) => _names[state].Length != 0;

    /// <summary>
    /// The state of the property <paramref name="name"/> (unescaped UTF-8) of an object in <paramref name="state"/>, and
    /// the first rule that selects it (-1 for none).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int StepName(int state, ReadOnlySpan<byte> name, out int selectedRule)
    {
        var key = NameKey(name);
        foreach (var transition in _names[state])
        {
            if (transition.Key == key && name.SequenceEqual(transition.Name))
            {
                selectedRule = transition.Rule;
                return transition.Target;
            }
        }

        selectedRule = -1;
        return _otherNameTarget[state];
    }

    /// <summary>
    /// Whether a selector may reach the property <paramref name="name"/> (unescaped UTF-8) of an object in
    /// <paramref name="state"/>: it leads to a live state or completes a rule; <paramref name="target"/> and
    /// <paramref name="selectedRule"/> are then what <see cref="StepName"/> gives. Most names a state does not know are
    /// told apart by one bit of a 64-bit filter of its names' keys, in line and without a comparison.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Reaches(int state, ReadOnlySpan<byte> name, out int target, out int selectedRule)
    {
        if ((_nameFilters[state] >> FilterBit(NameKey(name)) & 1) == 0)
        {
            target = Dead;
            selectedRule = -1;
            return false;
        }

        return ReachesByName(state, name, out target, out selectedRule);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ReachesByName(int state, ReadOnlySpan<byte> name, out int target, out int selectedRule)
    {
        target = StepName(state, name, out selectedRule);
        return target != Dead || selectedRule >= 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FilterBit(uint key) => (int)((key * 0x9E3779B1u) >> 26);

    /// <summary>A name's length and first and last bytes: names that differ in it need no byte comparison.</summary>
    private static uint NameKey(ReadOnlySpan<byte> name) =>
        name.IsEmpty ? 0 : (uint)name.Length << 16 | (uint)name[0] << 8 | name[^1];

    /// <summary>Where a property with <see cref="Name"/> leads, and the first rule it completes (-1 for none).</summary>
    private readonly record struct NameTransition(byte[] Name, int Target, int Rule)
    {
        public uint Key { get; } = NameKey(Name);
    }

    /// <summary>Numbers the reachable position sets breadth first and records each one's transitions.</summary>
    private sealed class Builder(JsonSelectorStep[] steps, int[] ruleOf, bool[] isLast)
    {
        private readonly Dictionary<UInt128, int> _ids = [];
        private readonly List<UInt128> _sets = [];

        public List<int> ElementTarget { get; } = [];

        public List<int> ElementRule { get; } = [];

        public List<int> OtherNameTarget { get; } = [];

        public List<NameTransition[]> Names { get; } = [];

        public int Compile(UInt128 root)
        {
            _ = Id(UInt128.Zero);
            var rootId = Id(root);
            for (var next = 0; next < _sets.Count; next++)
            {
                Describe(_sets[next]);
            }

            return rootId;
        }

        private int Id(UInt128 set)
        {
            if (!_ids.TryGetValue(set, out var id))
            {
                if (_sets.Count == MaxStates)
                {
                    throw new ArgumentException(
                        $"The selectors combine into more than {MaxStates} matching states; use fewer descendant ('..') selectors in one rewriter.");
                }

                id = _sets.Count;
                _ids.Add(set, id);
                _sets.Add(set);
            }

            return id;
        }

        private void Describe(UInt128 set)
        {
            var element = Advance(set, static (step, _) => step.Kind == JsonSelectorStepKind.AnyElement, null, out var elementRule);
            ElementTarget.Add(Id(element));
            ElementRule.Add(elementRule);
            OtherNameTarget.Add(Id(Advance(set, static (_, _) => false, null, out _)));

            var transitions = new List<NameTransition>();
            foreach (var position in Positions(set))
            {
                var step = steps[position];
                if (step.Kind == JsonSelectorStepKind.AnyElement || transitions.Exists(t => t.Name.AsSpan().SequenceEqual(step.NameUtf8)))
                {
                    continue;
                }

                var target = Advance(set, static (candidate, name) => candidate.Kind != JsonSelectorStepKind.AnyElement && candidate.NameUtf8.AsSpan().SequenceEqual(name), step.NameUtf8, out var rule);
                transitions.Add(new NameTransition(step.NameUtf8, Id(target), rule));
            }

            Names.Add([.. transitions]);
        }

        /// <summary>The positions active at a child when the steps for which <paramref name="matches"/> holds match it.</summary>
        private UInt128 Advance(UInt128 set, Func<JsonSelectorStep, byte[]?, bool> matches, byte[]? name, out int selectedRule)
        {
            selectedRule = -1;
            var next = UInt128.Zero;
            foreach (var position in Positions(set))
            {
                var step = steps[position];
                if (step.Kind == JsonSelectorStepKind.Descendant)
                {
                    next |= UInt128.One << position;
                }

                if (!matches(step, name))
                {
                    continue;
                }

                if (!isLast[position])
                {
                    next |= UInt128.One << (position + 1);
                }
                else if (selectedRule < 0)
                {
                    selectedRule = ruleOf[position];
                }
            }

            return next;
        }

        private static IEnumerable<int> Positions(UInt128 set)
        {
            while (set != UInt128.Zero)
            {
                yield return (int)UInt128.TrailingZeroCount(set);
                set &= set - UInt128.One;
            }
        }
    }
}
