using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Selectors;

/// <summary>
/// An immutable label selector with apimachinery's semantics: parsing (labels.Parse), typed selectors
/// (metav1.LabelSelectorAsSelector), matching and the canonical string form.
/// </summary>
public sealed class LabelSelector
{
    private static readonly IDictionary<string, string> NoLabels = new Dictionary<string, string>(0);

    private readonly LabelRequirement[] requirements;
    private readonly bool matchesNothing;

    private LabelSelector(LabelRequirement[] requirements, bool matchesNothing)
    {
        this.requirements = requirements;
        this.matchesNothing = matchesNothing;
    }

    /// <summary>Matches every object (an empty selector).</summary>
    public static LabelSelector Everything { get; } = new([], matchesNothing: false);

    /// <summary>Matches no object (what a nil typed selector means).</summary>
    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    /// <summary>Whether the selector places no restriction (true for Everything, false for Nothing).</summary>
    public bool IsEverything => !matchesNothing && requirements.Length == 0;

    /// <summary>Whether the selector is the match-nothing selector.</summary>
    public bool IsNothing => matchesNothing;

    /// <summary>The requirements, sorted by key, all of which must hold.</summary>
    public IReadOnlyList<LabelRequirement> Requirements => requirements;

    /// <summary>Parses the <c>labelSelector</c> query syntax; null or blank is Everything.</summary>
    /// <exception cref="SelectorParseException">With upstream's message, e.g. "unable to parse requirement: …".</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var parsed = LabelSelectorParser.Parse(text);
        return parsed.Count == 0 ? Everything : new LabelSelector([.. parsed], matchesNothing: false);
    }

    /// <summary>metav1.LabelSelectorAsSelector: null matches nothing, empty matches everything.</summary>
    /// <exception cref="SelectorParseException">An invalid key, value or operator, with upstream's message.</exception>
    public static LabelSelector FromModel(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }

        var labelCount = selector.MatchLabels?.Count ?? 0;
        var expressionCount = selector.MatchExpressions?.Count ?? 0;
        if (labelCount + expressionCount == 0)
        {
            return Everything;
        }

        var built = new List<LabelRequirement>(labelCount + expressionCount);
        foreach (var (key, value) in selector.MatchLabels ?? NoLabels)
        {
            built.Add(LabelRequirement.Create(key, LabelSelectorOperator.Equals, [value]));
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var op = expression.OperatorProperty switch
            {
                "In" => LabelSelectorOperator.In,
                "NotIn" => LabelSelectorOperator.NotIn,
                "Exists" => LabelSelectorOperator.Exists,
                "DoesNotExist" => LabelSelectorOperator.DoesNotExist,
                _ => throw new SelectorParseException($"{GoQuote.Quote(expression.OperatorProperty ?? string.Empty)} is not a valid label selector operator"),
            };

            // A missing values list is Go's nil slice, which prints differently from an empty one in errors.
            built.Add(LabelRequirement.Create(expression.Key ?? string.Empty, op, expression.Values is null || expression.Values.Count == 0 ? null : [.. expression.Values]));
        }

        return new LabelSelector(Sorted(built), matchesNothing: false);
    }

    /// <summary>An equality selector from a map (ReplicationController spec.selector, Service spec.selector); null or empty is Everything.</summary>
    public static LabelSelector FromMap(IDictionary<string, string>? map)
    {
        if (map is null || map.Count == 0)
        {
            return Everything;
        }

        return new LabelSelector(Sorted(map.Select(p => LabelRequirement.Trusted(p.Key, LabelSelectorOperator.Equals, [p.Value]))), matchesNothing: false);
    }

    /// <summary>metav1.FormatLabelSelector: the canonical string, "&lt;none&gt;" when empty or nil, "&lt;error&gt;" when invalid.</summary>
    public static string Format(V1LabelSelector? selector)
    {
        LabelSelector parsed;
        try
        {
            parsed = FromModel(selector);
        }
        catch (SelectorParseException)
        {
            return "<error>";
        }

        var text = parsed.ToString();
        return text.Length == 0 ? "<none>" : text;
    }

    /// <summary>Whether the labels (null means none) satisfy every requirement.</summary>
    public bool Matches(IDictionary<string, string>? labels)
    {
        if (matchesNothing)
        {
            return false;
        }

        labels ??= NoLabels;
        foreach (var requirement in requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value a key must equal (=, == or a one-value in), for index lookups; null if not pinned.</summary>
    public string? RequiredValue(string key)
    {
        foreach (var requirement in requirements)
        {
            if (requirement.Key == key)
            {
                return requirement.Operator is LabelSelectorOperator.Equals or LabelSelectorOperator.DoubleEquals or LabelSelectorOperator.In
                    && requirement.Values.Count == 1 ? requirement.Values[0] : null;
            }
        }

        return null;
    }

    /// <summary>Canonical form as labels.Selector.String(): requirements sorted by key, joined by ','.</summary>
    public override string ToString() => string.Join(",", requirements.Select(r => r.ToString()));

    // A stable sort keeps equal keys in input order; upstream's order among equal keys is unspecified.
    private static LabelRequirement[] Sorted(IEnumerable<LabelRequirement> items) => [.. items.OrderBy(r => r.Key, StringComparer.Ordinal)];
}
