using k8s.Models;
using Skiff.Api.Selectors;

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
        try
        {
            return LabelSelector.FromModel(selector).ToString();
        }
        catch (SelectorParseException)
        {
            return null;
        }
    }

    /// <summary>metav1.FormatLabelSelector: the selector string, <c>&lt;none&gt;</c> when it is empty, <c>&lt;error&gt;</c> when invalid.</summary>
    public static string Format(V1LabelSelector? selector) => LabelSelector.Format(selector);

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
}
