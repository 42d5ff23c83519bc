using System.Globalization;
using System.Text;
using CsCheck;
using PrivacyGuard.Json;

namespace PrivacyGuard.Tests.Json;

/// <summary>
/// A JSON document model for property tests, its generator, a serializer that writes it with varied white space and
/// escapes, and a reference selector matcher written independently of the rewriter's parser and automaton.
/// </summary>
internal static class JsonDocumentModel
{
    private static readonly string[] TextPieces = ["a", "b", "XYZ", "0", "19", " ", "-", "_", ".", "@", "+", "\"", "\\", "/", "\n", "\t", "é", "中", "😀", "\u0001"];
    private static readonly string[] Names = ["email", "ip", "name", "a", "b", "odd name"];
    private static readonly string[] Spaces = ["", " ", "\n", "\t ", "\r\n  "];

    private static readonly Gen<RuleModel> RuleGen = Gen.Select(
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, Names.Length - 1], (kind, name) => new StepModel((StepKind)kind, Names[name])).Array[1, 3],
        Gen.Int[0, 3],
        (steps, treatment) => new RuleModel(steps, (RuleTreatment)treatment));

    public static Gen<Node> Document { get; } = NodeGen(4);

    public static Gen<RuleModel[]> Rules { get; } = RuleGen.Array[1, 4];

    private static Gen<Node> NodeGen(int depth)
    {
        var scalar = Gen.Frequency(
            (4, Gen.Select(Gen.Int[0, 2], Gen.Int[0, TextPieces.Length - 1].Array[0, 8], Gen.Bool, (kind, text, escape) => (Node)new Str(kind, string.Concat(text.Select(i => TextPieces[i])), escape))),
            (1, Gen.OneOf(Gen.Const("0"), Gen.Const("-1.5e3"), Gen.Const("42"), Gen.Const("1E-7")).Select(t => (Node)new Lit(t))),
            (1, Gen.OneOf(Gen.Const("true"), Gen.Const("false"), Gen.Const("null")).Select(t => (Node)new Lit(t))));
        if (depth == 0)
        {
            return scalar;
        }

        var child = NodeGen(depth - 1);
        var obj = Gen.Select(Gen.Int[0, Names.Length - 1], Gen.Bool, child, (name, escape, value) => new Prop(Names[name], escape, value))
            .Array[0, 4].Select(props => (Node)new Obj(props));
        var arr = child.Array[0, 4].Select(items => (Node)new Arr(items));
        return Gen.Frequency((3, scalar), (2, obj), (1, arr));
    }

    /// <summary>Gives every string value a unique, recognizable raw form; returns them in document order.</summary>
    public static List<Str> Uniquify(Node root)
    {
        var strings = new List<Str>();
        Walk(root, strings);
        for (var i = 0; i < strings.Count; i++)
        {
            var s = strings[i];
            s.Value = s.Kind switch
            {
                0 => $"u{i}.x{s.Text.Replace('"', 'q').Replace('\\', 'b')}@d{i}.org",
                1 => $"10.{i % 200}.{i / 200 % 200}.{i % 199 + 1}",
                _ => $"t-{i} {s.Text}",
            };
        }

        return strings;

        static void Walk(Node node, List<Str> strings)
        {
            switch (node)
            {
                case Str s: strings.Add(s); break;
                case Obj o: foreach (var p in o.Props) { Walk(p.Value, strings); } break;
                case Arr a: foreach (var item in a.Items) { Walk(item, strings); } break;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="root"/>; <paramref name="replace"/> (path, node) gives the JSON text that replaces a
    /// node, or null to keep it. White space is drawn from <paramref name="seed"/> the same way whatever is replaced.
    /// </summary>
    public static string Serialize(Node root, int seed, Func<List<object>, Node, string?> replace)
    {
        var builder = new StringBuilder();
        Write(root, new List<object>(), builder, new Random(seed), replace);
        return builder.ToString();
    }

    private static void Write(Node node, List<object> path, StringBuilder output, Random random, Func<List<object>, Node, string?> replace)
    {
        var replacement = replace(path, node);
        var target = replacement is null ? output : new StringBuilder();
        output.Append(Spaces[random.Next(Spaces.Length)]);
        switch (node)
        {
            case Str s: WriteString(s.Value, s.Escape, target); break;
            case Lit l: target.Append(l.Text); break;
            case Obj o:
                target.Append('{');
                for (var i = 0; i < o.Props.Length; i++)
                {
                    target.Append(i == 0 ? "" : ",").Append(Spaces[random.Next(Spaces.Length)]);
                    WriteString(o.Props[i].Name, o.Props[i].EscapeName, target);
                    target.Append(Spaces[random.Next(Spaces.Length)]).Append(':');
                    path.Add(o.Props[i].Name);
                    Write(o.Props[i].Value, path, target, random, replace);
                    path.RemoveAt(path.Count - 1);
                }

                target.Append(Spaces[random.Next(Spaces.Length)]).Append('}');
                break;
            case Arr a:
                target.Append('[');
                for (var i = 0; i < a.Items.Length; i++)
                {
                    target.Append(i == 0 ? "" : ",");
                    path.Add(i);
                    Write(a.Items[i], path, target, random, replace);
                    path.RemoveAt(path.Count - 1);
                }

                target.Append(Spaces[random.Next(Spaces.Length)]).Append(']');
                break;
        }

        output.Append(replacement);
        output.Append(Spaces[random.Next(Spaces.Length)]);
    }

    private static void WriteString(string value, bool escapeFirst, StringBuilder output)
    {
        output.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if ((i == 0 && escapeFirst && !char.IsSurrogate(c)) || c < 0x20)
            {
                output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else if (c is '"' or '\\')
            {
                output.Append('\\').Append(c);
            }
            else
            {
                output.Append(c);
            }
        }

        output.Append('"');
    }

    /// <summary>
    /// <paramref name="json"/> with each mutation applied in turn at its position (modulo the length): action 0 replaces
    /// the byte there, 1 inserts the value before it, 2 removes it.
    /// </summary>
    public static byte[] Mutate(byte[] json, IEnumerable<(int Position, byte Value, int Action)> mutations)
    {
        var bytes = new List<byte>(json);
        foreach (var (position, value, action) in mutations)
        {
            var at = bytes.Count == 0 ? 0 : position % bytes.Count;
            switch (action)
            {
                case 0 when bytes.Count > 0: bytes[at] = value; break;
                case 1: bytes.Insert(at, value); break;
                default: if (bytes.Count > 0) { bytes.RemoveAt(at); } break;
            }
        }

        return [.. bytes];
    }

    /// <summary>True when the selector of <paramref name="rule"/> selects the value at <paramref name="path"/>.</summary>
    public static bool Matches(RuleModel rule, List<object> path) => Matches(rule.Steps, 0, path, 0);

    private static bool Matches(StepModel[] steps, int i, List<object> path, int j)
    {
        if (i == steps.Length)
        {
            return j == path.Count;
        }

        var step = steps[i];
        return step.Kind switch
        {
            StepKind.Child => j < path.Count && path[j] is string name && name == step.Name && Matches(steps, i + 1, path, j + 1),
            StepKind.AnyElement => j < path.Count && path[j] is int && Matches(steps, i + 1, path, j + 1),
            _ => Enumerable.Range(j, path.Count - j).Any(k => path[k] is string name && name == step.Name && Matches(steps, i + 1, path, k + 1)),
        };
    }

    internal abstract class Node;

    internal sealed class Str(int kind, string text, bool escape) : Node
    {
        public int Kind { get; } = kind;

        public string Text { get; } = text;

        public bool Escape { get; } = escape;

        public string Value { get; set; } = text;

        public override string ToString() => $"\"{Value}\"";
    }

    internal sealed class Lit(string text) : Node
    {
        public string Text { get; } = text;

        public override string ToString() => Text;
    }

    internal sealed class Obj(Prop[] props) : Node
    {
        public Prop[] Props { get; } = props;

        public override string ToString() => "{" + string.Join(",", Props.Select(p => $"\"{p.Name}\":{p.Value}")) + "}";
    }

    internal sealed class Arr(Node[] items) : Node
    {
        public Node[] Items { get; } = items;

        public override string ToString() => "[" + string.Join(",", Items.Select(i => i.ToString())) + "]";
    }

    internal sealed record Prop(string Name, bool EscapeName, Node Value);

    internal enum StepKind
    {
        Child,
        AnyElement,
        Descendant,
    }

    internal enum RuleTreatment
    {
        Email,
        Value,
        Truncate,
        Redact,
    }

    internal sealed record StepModel(StepKind Kind, string Name)
    {
        public string Text => Kind switch
        {
            StepKind.AnyElement => "[*]",
            StepKind.Child => Name.Contains(' ', StringComparison.Ordinal) ? $"['{Name}']" : "." + Name,
            _ => Name.Contains(' ', StringComparison.Ordinal) ? $"..['{Name}']" : ".." + Name,
        };
    }

    internal sealed record RuleModel(StepModel[] Steps, RuleTreatment Treatment)
    {
        public string Selector => "$" + string.Concat(Steps.Select(s => s.Text));

        public JsonFieldRule ToRule() => Treatment switch
        {
            RuleTreatment.Email => JsonFieldRule.Pseudonymize(Selector, PersonalDataCategory.Email),
            RuleTreatment.Value => JsonFieldRule.Pseudonymize(Selector, PersonalDataCategory.UserName),
            RuleTreatment.Truncate => new JsonFieldRule(Selector, PrivacyGuard.Treatment.Truncate, PersonalDataCategory.IpAddress),
            _ => JsonFieldRule.Redact(Selector),
        };

        public override string ToString() => $"{Selector} {Treatment}";
    }
}
