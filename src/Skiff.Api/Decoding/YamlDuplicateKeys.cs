using System.Globalization;
using System.Text.RegularExpressions;
using Skiff.Api.Syntax;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Skiff.Api.Decoding;

/// <summary>
/// Finds keys given twice in one YAML mapping, as upstream's strict YAML-to-JSON conversion (go-yaml v2 in strict mode)
/// reports them: <c>line 6: key "replicas" already set in map</c>, the line being that of the repeated key's value.
/// </summary>
/// <remarks>
/// go-yaml decodes a value before it stores it under its key, so duplicates inside a repeated key's value come first:
/// <code>
/// a: 1
/// a:        # line 2
///   b: 1    # line 3
///   b: 2    # line 4
/// </code>
/// gives <c>line 4: key "b" already set in map</c>, then <c>line 3: key "a" already set in map</c>. Only the first
/// document of a stream is read, as upstream does for a request body.
/// </remarks>
public static partial class YamlDuplicateKeys
{
    /// <summary>The go-yaml error lines, in upstream's order; empty when no key repeats.</summary>
    public static IReadOnlyList<string> Find(string yaml)
    {
        List<string>? found = null;
        var frames = new Stack<Frame>();
        var parser = new Parser(new StringReader(yaml));
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentEnd:
                    return found ?? (IReadOnlyList<string>)[];
                case MappingStart start:
                    NodeStarts(frames, start);
                    frames.Push(new Frame(IsMapping: true));
                    break;
                case SequenceStart start:
                    NodeStarts(frames, start);
                    frames.Push(new Frame(IsMapping: false));
                    break;
                case MappingEnd or SequenceEnd:
                    frames.Pop();
                    NodeEnds(frames, ref found);
                    break;
                case Scalar scalar:
                    if (frames.TryPeek(out var parent) && parent.IsMapping && parent.ExpectKey)
                    {
                        KeyRead(parent, scalar);
                    }
                    else
                    {
                        NodeStarts(frames, scalar);
                        NodeEnds(frames, ref found);
                    }

                    break;
                case AnchorAlias alias:
                    if (frames.TryPeek(out var owner) && owner.IsMapping && owner.ExpectKey)
                    {
                        owner.ExpectKey = false;
                    }
                    else
                    {
                        NodeStarts(frames, alias);
                        NodeEnds(frames, ref found);
                    }

                    break;
            }
        }

        return found ?? (IReadOnlyList<string>)[];
    }

    /// <summary>A scalar key: remembered, and marked as repeated when its mapping already has it.</summary>
    private static void KeyRead(Frame mapping, Scalar key)
    {
        mapping.ExpectKey = false;
        var plain = key.Style == ScalarStyle.Plain;
        if (plain && key.Value == "<<")
        {
            return; // a merge key: go-yaml merges it instead of storing it
        }

        // go-yaml resolves plain scalars to typed values, so `1` and `"1"` are different keys.
        var typed = plain && TypedScalar().IsMatch(key.Value);
        var identity = (typed ? "t:" : "s:") + key.Value;
        mapping.Keys ??= new HashSet<string>(StringComparer.Ordinal);
        if (!mapping.Keys.Add(identity))
        {
            mapping.RepeatedKey = typed ? key.Value : GoQuote.Quote(key.Value);
        }
    }

    /// <summary>A node starts: when it is the value of a repeated key, its line is the line go-yaml reports.</summary>
    private static void NodeStarts(Stack<Frame> frames, ParsingEvent node)
    {
        if (frames.TryPeek(out var parent) && parent.IsMapping)
        {
            if (parent.ExpectKey)
            {
                // A complex key (a mapping or sequence as key): go-yaml cannot store it in a map; nothing to compare.
                parent.ExpectKey = false;
                parent.ComplexKey = true;
                return;
            }

            parent.RepeatedKeyLine = checked((int)node.Start.Line);
        }
    }

    /// <summary>A node ends: the value of its mapping's current key is complete, so a repeated key is reported now.</summary>
    private static void NodeEnds(Stack<Frame> frames, ref List<string>? found)
    {
        if (!frames.TryPeek(out var parent) || !parent.IsMapping)
        {
            return;
        }

        if (parent.ComplexKey)
        {
            parent.ComplexKey = false;
            return;
        }

        if (parent.RepeatedKey is { } key)
        {
            (found ??= []).Add(string.Create(CultureInfo.InvariantCulture, $"line {parent.RepeatedKeyLine}: key {key} already set in map"));
            parent.RepeatedKey = null;
        }

        parent.ExpectKey = true;
    }

    /// <summary>Plain scalars go-yaml turns into numbers, booleans or null rather than strings.</summary>
    [GeneratedRegex(@"^([-+]?[0-9]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|true|false|True|False|TRUE|FALSE|null|Null|NULL|~)$")]
    private static partial Regex TypedScalar();

    /// <summary>An open mapping or sequence: for a mapping, the keys so far and the state of the current entry.</summary>
    private sealed record Frame(bool IsMapping)
    {
        public bool ExpectKey { get; set; } = true;

        public bool ComplexKey { get; set; }

        public HashSet<string>? Keys { get; set; }

        public string? RepeatedKey { get; set; }

        public int RepeatedKeyLine { get; set; }
    }
}
