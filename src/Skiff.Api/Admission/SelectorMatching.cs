using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// The parts of upstream's LabelSelectorAsSelector that validation depends on: whether a selector parses, whether it
/// selects nothing (nil), everything (empty) and whether it matches a label set.
/// </summary>
internal static class SelectorMatching
{
    /// <summary>A selector fails to parse when any requirement is malformed: the same cases ValidateLabelSelector reports.</summary>
    public static bool Parses(V1LabelSelector? selector)
    {
        var probe = new List<FieldError>();
        ObjectMetaValidation.ValidateLabelSelector(selector, "selector", probe);
        return probe.Count == 0;
    }

    /// <summary>True when the selector is non-nil and empty (matches everything); upstream skips the template check then.</summary>
    public static bool IsEmpty(V1LabelSelector? selector) =>
        selector is not null && (selector.MatchLabels?.Count ?? 0) + (selector.MatchExpressions?.Count ?? 0) == 0;

    /// <summary>A nil selector matches nothing; an empty one matches everything.</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }
        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var present = labels.TryGetValue(requirement.Key ?? "", out var actual);
            var values = requirement.Values ?? [];
            var ok = requirement.OperatorProperty switch
            {
                "In" => present && values.Contains(actual!),
                "NotIn" => !present || !values.Contains(actual!),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Equality-based selectors (ReplicationController, Service): every pair must be present.</summary>
    public static bool MatchesMap(IDictionary<string, string> selector, IDictionary<string, string>? labels) =>
        selector.All(kv => labels is not null && labels.TryGetValue(kv.Key, out var actual) && actual == kv.Value);
}
