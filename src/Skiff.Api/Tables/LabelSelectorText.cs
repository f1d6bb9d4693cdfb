using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>Selector and label-map text exactly as apimachinery prints it (labels.Selector.String, metav1.FormatLabelSelector, labels.FormatLabels).</summary>
public static class LabelSelectorText
{
    /// <summary>
    /// metav1.LabelSelectorAsSelector(s).String(): requirements sorted by key, e.g. <c>app=web,tier in (a,b),!legacy</c>.
    /// Null and empty selectors both print as "" (Nothing and Everything); null is returned when the selector is invalid.
    /// </summary>
    public static string? ToSelectorString(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return "";
        }

        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            requirements.Add((key, $"{key}={value}"));
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var text = RequirementText(expression);
            if (text is null)
            {
                return null;
            }

            requirements.Add((expression.Key, text));
        }

        // Upstream sorts requirements by key only (byte order).
        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    /// <summary>metav1.FormatLabelSelector: the selector string, <c>&lt;none&gt;</c> when it is empty, <c>&lt;error&gt;</c> when invalid.</summary>
    public static string Format(V1LabelSelector? selector)
    {
        var text = ToSelectorString(selector);
        if (text is null)
        {
            return "<error>";
        }

        return text.Length == 0 ? "<none>" : text;
    }

    /// <summary>labels.FormatLabels: <c>k=v</c> pairs sorted in byte order and joined with commas, or <c>&lt;none&gt;</c>.</summary>
    public static string FormatLabels(IDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return "<none>";
        }

        // Upstream sorts the joined "k=v" strings, not the keys; the two differ when one key prefixes another.
        return string.Join(",", labels.Select(kv => $"{kv.Key}={kv.Value}").Order(StringComparer.Ordinal));
    }

    private static string? RequirementText(V1LabelSelectorRequirement requirement)
    {
        var values = requirement.Values ?? [];
        switch (requirement.OperatorProperty)
        {
            case "In" or "NotIn":
                if (values.Count == 0)
                {
                    return null;
                }

                var op = requirement.OperatorProperty == "In" ? " in " : " notin ";
                return $"{requirement.Key}{op}({string.Join(",", values.Order(StringComparer.Ordinal))})";
            case "Exists":
                return values.Count == 0 ? requirement.Key : null;
            case "DoesNotExist":
                return values.Count == 0 ? "!" + requirement.Key : null;
            default:
                return null;
        }
    }
}
