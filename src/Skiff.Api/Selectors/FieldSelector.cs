using System.Text;

namespace Skiff.Api.Selectors;

/// <summary>
/// An immutable field selector with apimachinery's fields.ParseSelector semantics: comma-separated
/// <c>field=value</c>, <c>field==value</c> and <c>field!=value</c> terms, values escaped with '\'.
/// </summary>
public sealed class FieldSelector
{
    private static readonly string[] TermOperators = ["!=", "==", "="];

    private readonly FieldRequirement[] requirements;

    private FieldSelector(FieldRequirement[] requirements) => this.requirements = requirements;

    /// <summary>Matches every object.</summary>
    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The terms, all of which must hold, in upstream's (sorted term text) order.</summary>
    public IReadOnlyList<FieldRequirement> Requirements => requirements;

    public bool IsEverything => requirements.Length == 0;

    /// <summary>Parses the <c>fieldSelector</c> query syntax; null or empty is Everything.</summary>
    /// <exception cref="SelectorParseException">With upstream's message, e.g. "invalid selector: 'x'; can't understand 'x'".</exception>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var terms = SplitTerms(text);
        terms.Sort(StringComparer.Ordinal);
        var parsed = new List<FieldRequirement>(terms.Count);
        foreach (var term in terms)
        {
            if (term.Length == 0)
            {
                continue;
            }

            if (!TrySplitTerm(term, out var field, out var op, out var rawValue))
            {
                throw new SelectorParseException($"invalid selector: '{text}'; can't understand '{term}'");
            }

            parsed.Add(new FieldRequirement(field, op, UnescapeValue(rawValue)));
        }

        return parsed.Count == 0 ? Everything : new FieldSelector([.. parsed]);
    }

    /// <summary>Builds a selector from terms (used after field label conversion).</summary>
    public static FieldSelector FromRequirements(IEnumerable<FieldRequirement> terms)
    {
        FieldRequirement[] list = [.. terms];
        return list.Length == 0 ? Everything : new FieldSelector(list);
    }

    /// <summary>Whether the object satisfies every term; <paramref name="fieldValue"/> returns null for absent fields.</summary>
    public bool Matches(Func<string, string?> fieldValue)
    {
        foreach (var requirement in requirements)
        {
            if (!requirement.Matches(fieldValue(requirement.Field)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value a field must equal ('=' or '=='), e.g. metadata.name for a single-key read; null if not pinned.</summary>
    public string? RequiredValue(string field)
    {
        foreach (var requirement in requirements)
        {
            if (requirement.Operator == FieldSelectorOperator.Equals && requirement.Field == field)
            {
                return requirement.Value;
            }
        }

        return null;
    }

    public override string ToString() => string.Join(",", requirements.Select(r => r.ToString()));

    /// <summary>fields.EscapeValue: '\' → '\\', ',' → '\,', '=' → '\='.</summary>
    public static string EscapeValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);

    // Splits on commas that are not escaped; the backslashes stay for UnescapeValue.
    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var start = 0;
        var escaped = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (escaped)
            {
                escaped = false;
            }
            else if (c == '\\')
            {
                escaped = true;
            }
            else if (c == ',')
            {
                terms.Add(text[start..i]);
                start = i + 1;
            }
        }

        terms.Add(text[start..]);
        return terms;
    }

    // The left side cannot be escaped, so the first operator occurrence splits the term.
    private static bool TrySplitTerm(string term, out string field, out FieldSelectorOperator op, out string value)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var candidate in TermOperators)
            {
                if (term.AsSpan(i).StartsWith(candidate, StringComparison.Ordinal))
                {
                    field = term[..i];
                    op = candidate == "!=" ? FieldSelectorOperator.NotEquals : FieldSelectorOperator.Equals;
                    value = term[(i + candidate.Length)..];
                    return true;
                }
            }
        }

        field = value = string.Empty;
        op = FieldSelectorOperator.Equals;
        return false;
    }

    private static string UnescapeValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        var escaped = false;
        foreach (var c in value)
        {
            if (escaped)
            {
                if (c is not ('\\' or ',' or '='))
                {
                    throw new SelectorParseException($"invalid field selector: invalid escape sequence: \\{c}");
                }

                sb.Append(c);
                escaped = false;
                continue;
            }

            switch (c)
            {
                case '\\':
                    escaped = true;
                    break;
                case ',' or '=':
                    // Go prints the rune with %v, i.e. its code point number.
                    throw new SelectorParseException($"invalid field selector: unescaped character in value: {(int)c}");
                default:
                    sb.Append(c);
                    break;
            }
        }

        return escaped ? throw new SelectorParseException("invalid field selector: invalid escape sequence: \\") : sb.ToString();
    }
}
