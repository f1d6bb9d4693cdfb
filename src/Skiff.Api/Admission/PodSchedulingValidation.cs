using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// Upstream's scheduling rules of a pod spec (core/validation validateAffinity, ValidateTolerations and
/// validateTopologySpreadConstraints), with its messages and field paths.
/// </summary>
internal static class PodSchedulingValidation
{
    private static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
    private static readonly string[] TolerationOperators = ["Equal", "Exists"];
    private static readonly string[] ScheduleActions = ["DoNotSchedule", "ScheduleAnyway"];
    private static readonly string[] NodeInclusionPolicies = ["Honor", "Ignore"];

    public static void ValidateAffinity(V1Affinity? affinity, string path, List<FieldError> errors)
    {
        if (affinity?.NodeAffinity is { } nodeAffinity)
        {
            var nodePath = FieldPath.Child(path, "nodeAffinity");
            if (nodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution is { } required)
            {
                ValidateNodeSelector(required, FieldPath.Child(nodePath, "requiredDuringSchedulingIgnoredDuringExecution"), errors);
            }
            var preferred = nodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution ?? [];
            for (var i = 0; i < preferred.Count; i++)
            {
                var termPath = FieldPath.Index(FieldPath.Child(nodePath, "preferredDuringSchedulingIgnoredDuringExecution"), i);
                ValidateWeight(preferred[i].Weight, FieldPath.Child(termPath, "weight"), errors);
                ValidateNodeSelectorTerm(preferred[i].Preference, FieldPath.Child(termPath, "preference"), errors);
            }
        }
        if (affinity?.PodAffinity is { } podAffinity)
        {
            ValidatePodAffinityTerms(podAffinity.RequiredDuringSchedulingIgnoredDuringExecution, podAffinity.PreferredDuringSchedulingIgnoredDuringExecution,
                FieldPath.Child(path, "podAffinity"), errors);
        }
        if (affinity?.PodAntiAffinity is { } antiAffinity)
        {
            ValidatePodAffinityTerms(antiAffinity.RequiredDuringSchedulingIgnoredDuringExecution, antiAffinity.PreferredDuringSchedulingIgnoredDuringExecution,
                FieldPath.Child(path, "podAntiAffinity"), errors);
        }
    }

    /// <summary>ValidateTolerations: a toleration is checked field by field; several causes can come from one entry.</summary>
    public static void ValidateTolerations(IList<V1Toleration>? tolerations, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (tolerations?.Count ?? 0); i++)
        {
            var toleration = tolerations![i];
            var itemPath = FieldPath.Index(path, i);
            var key = toleration.Key ?? "";
            var op = toleration.OperatorProperty ?? "";
            var effect = toleration.Effect ?? "";
            var operatorPath = FieldPath.Child(itemPath, "operator");
            if (key.Length > 0)
            {
                ObjectMetaValidation.ValidateLabelName(key, FieldPath.Child(itemPath, "key"), errors);
            }
            if (key.Length == 0 && op != "Exists")
            {
                errors.Add(FieldErrors.InvalidString(operatorPath, op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            if (toleration.TolerationSeconds is not null && effect != "NoExecute")
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(itemPath, "effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
            switch (op)
            {
                case "Equal" or "":
                    var valueErrors = NameValidation.IsLabelValue(toleration.Value ?? "");
                    if (valueErrors.Count > 0)
                    {
                        errors.Add(FieldErrors.InvalidString(operatorPath, toleration.Value, string.Join(";", valueErrors)));
                    }
                    break;
                case "Exists":
                    if (!string.IsNullOrEmpty(toleration.Value))
                    {
                        errors.Add(FieldErrors.InvalidString(operatorPath, toleration.Value, "value must be empty when `operator` is 'Exists'"));
                    }
                    break;
                default:
                    errors.Add(FieldErrors.NotSupported(operatorPath, GoQuote.Quote(op), TolerationOperators));
                    break;
            }
            if (effect.Length > 0 && !TaintEffects.Contains(effect))
            {
                errors.Add(FieldErrors.NotSupported(FieldPath.Child(itemPath, "effect"), GoQuote.Quote(effect), TaintEffects));
            }
        }
    }

    /// <summary>
    /// validateTopologySpreadConstraints. A repeated {topologyKey, whenUnsatisfiable} pair is reported on the first of
    /// the two, under upstream's literal path segment: e.g. constraints [{zone, DoNotSchedule}, {zone, DoNotSchedule}]
    /// give <c>topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, DoNotSchedule}"</c>.
    /// </summary>
    public static void ValidateTopologySpreadConstraints(IList<V1TopologySpreadConstraint>? constraints, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (constraints?.Count ?? 0); i++)
        {
            var constraint = constraints![i];
            var itemPath = FieldPath.Index(path, i);
            if (constraint.MaxSkew <= 0)
            {
                errors.Add(FieldErrors.Invalid(FieldPath.Child(itemPath, "maxSkew"), constraint.MaxSkew, "must be greater than zero"));
            }
            if (string.IsNullOrEmpty(constraint.TopologyKey))
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(itemPath, "topologyKey"), "can not be empty"));
            }
            var action = constraint.WhenUnsatisfiable ?? "";
            if (!ScheduleActions.Contains(action))
            {
                errors.Add(FieldErrors.NotSupported(FieldPath.Child(itemPath, "whenUnsatisfiable"), GoQuote.Quote(action), ScheduleActions));
            }
            for (var j = i + 1; j < constraints.Count; j++)
            {
                if ((constraints[j].TopologyKey ?? "") == (constraint.TopologyKey ?? "") && (constraints[j].WhenUnsatisfiable ?? "") == action)
                {
                    errors.Add(FieldErrors.Duplicate(FieldPath.Child(itemPath, "{topologyKey, whenUnsatisfiable}"), GoQuote.Quote($"{{{constraint.TopologyKey}, {action}}}")));
                    break;
                }
            }
            if (constraint.MinDomains is { } minDomains)
            {
                var minDomainsPath = FieldPath.Child(itemPath, "minDomains");
                if (minDomains <= 0)
                {
                    errors.Add(FieldErrors.Invalid(minDomainsPath, minDomains, "must be greater than zero"));
                }
                if (action != "DoNotSchedule")
                {
                    errors.Add(FieldErrors.Invalid(minDomainsPath, minDomains, $"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"));
                }
            }
            ValidateNodeInclusionPolicy(constraint.NodeAffinityPolicy, FieldPath.Child(itemPath, "nodeAffinityPolicy"), errors);
            ValidateNodeInclusionPolicy(constraint.NodeTaintsPolicy, FieldPath.Child(itemPath, "nodeTaintsPolicy"), errors);
            ValidateMatchLabelKeys(constraint.MatchLabelKeys, constraint.LabelSelector, FieldPath.Child(itemPath, "matchLabelKeys"), errors);
            ObjectMetaValidation.ValidateLabelSelector(constraint.LabelSelector, FieldPath.Child(itemPath, "labelSelector"), errors);
        }
    }

    private static void ValidateNodeInclusionPolicy(string? policy, string path, List<FieldError> errors)
    {
        if (policy is not null && !NodeInclusionPolicies.Contains(policy))
        {
            errors.Add(FieldErrors.NotSupported(path, GoQuote.Quote(policy), NodeInclusionPolicies));
        }
    }

    private static void ValidateMatchLabelKeys(IList<string>? keys, V1LabelSelector? selector, string path, List<FieldError> errors)
    {
        if (keys is not { Count: > 0 })
        {
            return;
        }
        if (selector is null)
        {
            errors.Add(FieldErrors.Forbidden(path, "must not be specified when labelSelector is not set"));
        }
        var selectorKeys = new HashSet<string>((selector?.MatchLabels?.Keys ?? []).Concat((selector?.MatchExpressions ?? []).Select(e => e.Key ?? "")), StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            ObjectMetaValidation.ValidateLabelName(keys[i], FieldPath.Index(path, i), errors);
            if (selectorKeys.Contains(keys[i] ?? ""))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Index(path, i), keys[i], "exists in both matchLabelKeys and labelSelector"));
            }
        }
    }

    private static void ValidateNodeSelector(V1NodeSelector selector, string path, List<FieldError> errors)
    {
        var termsPath = FieldPath.Child(path, "nodeSelectorTerms");
        if (selector.NodeSelectorTerms is not { Count: > 0 } terms)
        {
            errors.Add(FieldErrors.Required(termsPath, "must have at least one node selector term"));
            return;
        }
        for (var i = 0; i < terms.Count; i++)
        {
            ValidateNodeSelectorTerm(terms[i], FieldPath.Index(termsPath, i), errors);
        }
    }

    /// <summary>
    /// ValidateNodeSelectorTerm as 1.32 has it: operators and keys are checked; label values in node affinity are
    /// not (that check arrived in 1.33).
    /// </summary>
    private static void ValidateNodeSelectorTerm(V1NodeSelectorTerm? term, string path, List<FieldError> errors)
    {
        var expressions = term?.MatchExpressions ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var requirement = expressions[i];
            var requirementPath = FieldPath.Index(FieldPath.Child(path, "matchExpressions"), i);
            var values = requirement.Values ?? [];
            var valuesPath = FieldPath.Child(requirementPath, "values");
            switch (requirement.OperatorProperty)
            {
                case "In" or "NotIn":
                    if (values.Count == 0)
                    {
                        errors.Add(FieldErrors.Required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
                    }
                    break;
                case "Exists" or "DoesNotExist":
                    if (values.Count > 0)
                    {
                        errors.Add(FieldErrors.Forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }
                    break;
                case "Gt" or "Lt":
                    if (values.Count != 1)
                    {
                        errors.Add(FieldErrors.Required(valuesPath, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                    }
                    break;
                default:
                    errors.Add(FieldErrors.InvalidString(FieldPath.Child(requirementPath, "operator"), requirement.OperatorProperty, "not a valid selector operator"));
                    break;
            }
            ObjectMetaValidation.ValidateLabelName(requirement.Key, FieldPath.Child(requirementPath, "key"), errors);
        }
        var fields = term?.MatchFields ?? [];
        for (var i = 0; i < fields.Count; i++)
        {
            var requirement = fields[i];
            var requirementPath = FieldPath.Index(FieldPath.Child(path, "matchFields"), i);
            if (requirement.OperatorProperty is "In" or "NotIn")
            {
                if ((requirement.Values?.Count ?? 0) != 1)
                {
                    errors.Add(FieldErrors.Required(FieldPath.Child(requirementPath, "values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
                }
            }
            else
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(requirementPath, "operator"), requirement.OperatorProperty, "not a valid selector operator"));
            }
            if (requirement.Key != "metadata.name")
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(requirementPath, "key"), requirement.Key, "not a valid field selector key"));
                continue;
            }
            var values = requirement.Values ?? [];
            for (var v = 0; v < values.Count; v++)
            {
                errors.AddRange(NameValidation.NameIsDnsSubdomain(values[v] ?? "", false)
                    .Select(m => FieldErrors.InvalidString(FieldPath.Index(FieldPath.Child(requirementPath, "values"), v), values[v], m)));
            }
        }
    }

    private static void ValidatePodAffinityTerms(IList<V1PodAffinityTerm>? required, IList<V1WeightedPodAffinityTerm>? preferred, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (required?.Count ?? 0); i++)
        {
            ValidatePodAffinityTerm(required![i], FieldPath.Index(FieldPath.Child(path, "requiredDuringSchedulingIgnoredDuringExecution"), i), errors);
        }
        for (var i = 0; i < (preferred?.Count ?? 0); i++)
        {
            var termPath = FieldPath.Index(FieldPath.Child(path, "preferredDuringSchedulingIgnoredDuringExecution"), i);
            ValidateWeight(preferred![i].Weight, FieldPath.Child(termPath, "weight"), errors);
            ValidatePodAffinityTerm(preferred[i].PodAffinityTerm ?? new V1PodAffinityTerm(), FieldPath.Child(termPath, "podAffinityTerm"), errors);
        }
    }

    /// <summary>validatePodAffinityTerm. Namespace names are reported under "namespace" (singular), as upstream does.</summary>
    private static void ValidatePodAffinityTerm(V1PodAffinityTerm term, string path, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateLabelSelector(term.LabelSelector, FieldPath.Child(path, "labelSelector"), errors);
        ObjectMetaValidation.ValidateLabelSelector(term.NamespaceSelector, FieldPath.Child(path, "namespaceSelector"), errors);
        foreach (var ns in term.Namespaces ?? [])
        {
            errors.AddRange(NameValidation.NameIsDnsLabel(ns ?? "", false).Select(m => FieldErrors.InvalidString(FieldPath.Child(path, "namespace"), ns, m)));
        }
        ValidateLabelKeys(term.MatchLabelKeys, term.LabelSelector, FieldPath.Child(path, "matchLabelKeys"), errors);
        ValidateLabelKeys(term.MismatchLabelKeys, term.LabelSelector, FieldPath.Child(path, "mismatchLabelKeys"), errors);
        var mismatch = new HashSet<string>(term.MismatchLabelKeys ?? [], StringComparer.Ordinal);
        for (var i = 0; i < (term.MatchLabelKeys?.Count ?? 0); i++)
        {
            if (mismatch.Contains(term.MatchLabelKeys![i]))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Index(FieldPath.Child(path, "matchLabelKeys"), i), term.MatchLabelKeys[i], "exists in both matchLabelKeys and mismatchLabelKeys"));
            }
        }
        var topologyKeyPath = FieldPath.Child(path, "topologyKey");
        if (string.IsNullOrEmpty(term.TopologyKey))
        {
            errors.Add(FieldErrors.Required(topologyKeyPath, "can not be empty"));
        }
        ObjectMetaValidation.ValidateLabelName(term.TopologyKey ?? "", topologyKeyPath, errors);
    }

    private static void ValidateLabelKeys(IList<string>? keys, V1LabelSelector? selector, string path, List<FieldError> errors)
    {
        if (keys is not { Count: > 0 })
        {
            return;
        }
        if (selector is null)
        {
            errors.Add(FieldErrors.Forbidden(path, "must not be specified when labelSelector is not set"));
            return;
        }
        for (var i = 0; i < keys.Count; i++)
        {
            ObjectMetaValidation.ValidateLabelName(keys[i], FieldPath.Index(path, i), errors);
        }
    }

    private static void ValidateWeight(int weight, string path, List<FieldError> errors)
    {
        if (weight is <= 0 or > 100)
        {
            errors.Add(FieldErrors.Invalid(path, weight, "must be in the range 1-100"));
        }
    }
}
