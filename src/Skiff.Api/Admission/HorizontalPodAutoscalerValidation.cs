using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// Upstream's HorizontalPodAutoscaler rules (autoscaling/validation) for autoscaling/v2, and for autoscaling/v1 the
/// same rules on the fields v1 has (its CPU target is reported at the v2 path it converts to, as upstream does).
/// </summary>
internal static class HorizontalPodAutoscalerValidation
{
    private static readonly string[] MetricSourceTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"];
    private static readonly string[] SelectPolicies = ["Disabled", "Max", "Min"];
    private static readonly string[] ScalingPolicyTypes = ["Percent", "Pods"];
    private const int MaxPeriodSeconds = 1800;
    private const int MaxStabilizationWindowSeconds = 3600;

    public static void ValidateCreate(V2HorizontalPodAutoscaler autoscaler, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(autoscaler.Metadata, namespaced: true, NameValidation.NameIsDnsSubdomain, errors);
        ValidateSpec(autoscaler.Spec ?? new V2HorizontalPodAutoscalerSpec(), errors);
    }

    public static void ValidateUpdate(V2HorizontalPodAutoscaler autoscaler, V2HorizontalPodAutoscaler old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(autoscaler.Metadata, old.Metadata, errors);
        ValidateSpec(autoscaler.Spec ?? new V2HorizontalPodAutoscalerSpec(), errors);
    }

    public static void ValidateCreate(V1HorizontalPodAutoscaler autoscaler, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(autoscaler.Metadata, namespaced: true, NameValidation.NameIsDnsSubdomain, errors);
        ValidateSpec(autoscaler.Spec ?? new V1HorizontalPodAutoscalerSpec(), errors);
    }

    public static void ValidateUpdate(V1HorizontalPodAutoscaler autoscaler, V1HorizontalPodAutoscaler old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(autoscaler.Metadata, old.Metadata, errors);
        ValidateSpec(autoscaler.Spec ?? new V1HorizontalPodAutoscalerSpec(), errors);
    }

    private static void ValidateSpec(V1HorizontalPodAutoscalerSpec spec, List<FieldError> errors)
    {
        ValidateReplicas(spec.MinReplicas, spec.MaxReplicas, errors);
        ValidateReference(spec.ScaleTargetRef?.Kind, spec.ScaleTargetRef?.Name, "spec.scaleTargetRef", errors);
        if (spec.TargetCPUUtilizationPercentage is { } utilization && utilization < 1)
        {
            errors.Add(FieldErrors.Invalid("spec.metrics[0].resource.target.averageUtilization", utilization, "must be greater than 0"));
        }
    }

    private static void ValidateSpec(V2HorizontalPodAutoscalerSpec spec, List<FieldError> errors)
    {
        ValidateReplicas(spec.MinReplicas, spec.MaxReplicas, errors);
        ValidateReference(spec.ScaleTargetRef?.Kind, spec.ScaleTargetRef?.Name, "spec.scaleTargetRef", errors);
        for (var i = 0; i < (spec.Metrics?.Count ?? 0); i++)
        {
            ValidateMetric(spec.Metrics![i], $"spec.metrics[{i}]", errors);
        }
        if (spec.Behavior is { } behavior)
        {
            ValidateScalingRules(behavior.ScaleUp, "spec.behavior.scaleUp", errors);
            ValidateScalingRules(behavior.ScaleDown, "spec.behavior.scaleDown", errors);
        }
    }

    private static void ValidateReplicas(int? minReplicas, int maxReplicas, List<FieldError> errors)
    {
        // HPAScaleToZero is alpha (off), so the lower bound is 1.
        if (minReplicas is { } min && min < 1)
        {
            errors.Add(FieldErrors.Invalid("spec.minReplicas", min, "must be greater than or equal to 1"));
        }
        if (maxReplicas < 1)
        {
            errors.Add(FieldErrors.Invalid("spec.maxReplicas", maxReplicas, "must be greater than 0"));
        }
        if (minReplicas is { } lower && maxReplicas < lower)
        {
            errors.Add(FieldErrors.Invalid("spec.maxReplicas", maxReplicas, "must be greater than or equal to `minReplicas`"));
        }
    }

    private static void ValidateReference(string? kind, string? name, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(kind))
        {
            errors.Add(FieldErrors.Required($"{path}.kind"));
        }
        else
        {
            errors.AddRange(NameValidation.IsValidPathSegmentName(kind).Select(m => FieldErrors.InvalidString($"{path}.kind", kind, m)));
        }
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldErrors.Required($"{path}.name"));
        }
        else
        {
            errors.AddRange(NameValidation.IsValidPathSegmentName(name).Select(m => FieldErrors.InvalidString($"{path}.name", name, m)));
        }
    }

    private static void ValidateMetric(V2MetricSpec metric, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(metric.Type))
        {
            errors.Add(FieldErrors.Required($"{path}.type", "must specify a metric source type"));
        }
        if (!MetricSourceTypes.Contains(metric.Type ?? ""))
        {
            errors.Add(FieldErrors.NotSupported($"{path}.type", GoQuote.Quote(metric.Type ?? ""), MetricSourceTypes));
        }

        var present = new List<string>();
        if (metric.ObjectProperty is { } objectSource && FirstSource(present, "object"))
        {
            ValidateReference(objectSource.DescribedObject?.Kind, objectSource.DescribedObject?.Name, $"{path}.object.describedObject", errors);
            ValidateMetricName(objectSource.Metric, $"{path}.object.metric", errors);
            ValidateTarget(objectSource.Target, $"{path}.object.target", errors);
            if (objectSource.Target?.Value is null && objectSource.Target?.AverageValue is null)
            {
                errors.Add(FieldErrors.Required($"{path}.object.target.averageValue", "must set either a target value or averageValue"));
            }
        }
        if (metric.External is { } external && FirstSource(present, "external"))
        {
            ValidateMetricName(external.Metric, $"{path}.external.metric", errors);
            ValidateTarget(external.Target, $"{path}.external.target", errors);
            if (external.Target?.Value is null && external.Target?.AverageValue is null)
            {
                errors.Add(FieldErrors.Required($"{path}.external.target.averageValue", "must set either a target value for metric or a per-pod target"));
            }
            if (external.Target?.Value is not null && external.Target?.AverageValue is not null)
            {
                errors.Add(FieldErrors.Forbidden($"{path}.external.target.value", "may not set both a target value for metric and a per-pod target"));
            }
        }
        if (metric.Pods is { } pods && FirstSource(present, "pods"))
        {
            ValidateMetricName(pods.Metric, $"{path}.pods.metric", errors);
            ValidateTarget(pods.Target, $"{path}.pods.target", errors);
            if (pods.Target?.AverageValue is null)
            {
                errors.Add(FieldErrors.Required($"{path}.pods.target.averageValue", "must specify a positive target averageValue"));
            }
        }
        if (metric.Resource is { } resource && FirstSource(present, "resource"))
        {
            if (string.IsNullOrEmpty(resource.Name))
            {
                errors.Add(FieldErrors.Required($"{path}.resource.name", "must specify a resource name"));
            }
            ValidateTarget(resource.Target, $"{path}.resource.target", errors);
            ValidateUtilizationOrValue(resource.Target, $"{path}.resource.target", errors);
        }
        if (metric.ContainerResource is { } container && FirstSource(present, "containerResource"))
        {
            if (string.IsNullOrEmpty(container.Name))
            {
                errors.Add(FieldErrors.Required($"{path}.containerResource.name", "must specify a resource name"));
            }
            if (string.IsNullOrEmpty(container.Container))
            {
                errors.Add(FieldErrors.Required($"{path}.containerResource.container", "must specify a container"));
            }
            else
            {
                PodSpecValidation.ValidateDns1123Label(container.Container, $"{path}.containerResource.container", errors);
            }
            ValidateTarget(container.Target, $"{path}.containerResource.target", errors);
            ValidateUtilizationOrValue(container.Target, $"{path}.containerResource.target", errors);
        }

        var expected = metric.Type switch
        {
            "Object" => "object",
            "Pods" => "pods",
            "Resource" => "resource",
            "External" => "external",
            "ContainerResource" => "containerResource",
            _ => null,
        };
        if (expected is not null && !present.Contains(expected))
        {
            errors.Add(FieldErrors.Required($"{path}.{expected}", "must populate information for the given metric source"));
        }
        if (present.Count != 1)
        {
            foreach (var extra in present.Where(p => p != expected))
            {
                errors.Add(FieldErrors.Forbidden($"{path}.{extra}", "must populate the given metric source only"));
            }
        }
    }

    /// <summary>Records a populated source and tells whether it is the first one: upstream validates only that one in depth.</summary>
    private static bool FirstSource(List<string> present, string source)
    {
        present.Add(source);
        return present.Count == 1;
    }

    private static void ValidateMetricName(V2MetricIdentifier? metric, string path, List<FieldError> errors)
    {
        var name = metric?.Name;
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldErrors.Required($"{path}.name", "must specify a metric name"));
        }
        else
        {
            errors.AddRange(NameValidation.IsValidPathSegmentName(name).Select(m => FieldErrors.InvalidString($"{path}.name", name, m)));
        }
    }

    private static void ValidateUtilizationOrValue(V2MetricTarget? target, string path, List<FieldError> errors)
    {
        if (target?.AverageUtilization is null && target?.AverageValue is null)
        {
            errors.Add(FieldErrors.Required($"{path}.averageUtilization", "must set either a target raw value or a target utilization"));
        }
        if (target?.AverageUtilization is not null && target.AverageValue is not null)
        {
            errors.Add(FieldErrors.Forbidden($"{path}.averageValue", "may not set both a target raw value and a target utilization"));
        }
    }

    private static void ValidateTarget(V2MetricTarget? target, string path, List<FieldError> errors)
    {
        target ??= new V2MetricTarget();
        if (string.IsNullOrEmpty(target.Type))
        {
            errors.Add(FieldErrors.Required($"{path}.type", "must specify a metric target type"));
        }
        if (target.Type is not ("Utilization" or "Value" or "AverageValue"))
        {
            errors.Add(FieldErrors.InvalidString($"{path}.type", target.Type, "must be either Utilization, Value, or AverageValue"));
        }
        // Upstream prints the Go struct of a resource.Quantity here; the quantity's text is the readable equivalent.
        if (target.Value is { } value && ResourceRequirementsValidation.Sign(value) != 1)
        {
            errors.Add(FieldErrors.InvalidString($"{path}.value", ResourceRequirementsValidation.QuantityText(value), "must be positive"));
        }
        if (target.AverageValue is { } average && ResourceRequirementsValidation.Sign(average) != 1)
        {
            errors.Add(FieldErrors.InvalidString($"{path}.averageValue", ResourceRequirementsValidation.QuantityText(average), "must be positive"));
        }
        if (target.AverageUtilization is { } utilization && utilization < 1)
        {
            errors.Add(FieldErrors.Invalid($"{path}.averageUtilization", utilization, "must be greater than 0"));
        }
    }

    private static void ValidateScalingRules(V2HPAScalingRules? rules, string path, List<FieldError> errors)
    {
        if (rules is null)
        {
            return;
        }
        if (rules.StabilizationWindowSeconds is { } window)
        {
            if (window < 0)
            {
                errors.Add(FieldErrors.Invalid($"{path}.stabilizationWindowSeconds", window, "must be greater than or equal to zero"));
            }
            if (window > MaxStabilizationWindowSeconds)
            {
                errors.Add(FieldErrors.Invalid($"{path}.stabilizationWindowSeconds", window, $"must be less than or equal to {MaxStabilizationWindowSeconds}"));
            }
        }
        if (rules.SelectPolicy is not null && !SelectPolicies.Contains(rules.SelectPolicy))
        {
            errors.Add(FieldErrors.NotSupported($"{path}.selectPolicy", GoQuote.Quote(rules.SelectPolicy), SelectPolicies));
        }
        if (rules.Policies is null || rules.Policies.Count == 0)
        {
            errors.Add(FieldErrors.Required($"{path}.policies", "must specify at least one Policy"));
        }
        for (var i = 0; i < (rules.Policies?.Count ?? 0); i++)
        {
            var policy = rules.Policies![i];
            var policyPath = $"{path}.policies[{i}]";
            if (policy.Type is not ("Pods" or "Percent"))
            {
                errors.Add(FieldErrors.NotSupported($"{policyPath}.type", GoQuote.Quote(policy.Type ?? ""), ScalingPolicyTypes));
            }
            if (policy.Value <= 0)
            {
                errors.Add(FieldErrors.Invalid($"{policyPath}.value", policy.Value, "must be greater than zero"));
            }
            if (policy.PeriodSeconds <= 0)
            {
                errors.Add(FieldErrors.Invalid($"{policyPath}.periodSeconds", policy.PeriodSeconds, "must be greater than zero"));
            }
            if (policy.PeriodSeconds > MaxPeriodSeconds)
            {
                errors.Add(FieldErrors.Invalid($"{policyPath}.periodSeconds", policy.PeriodSeconds, $"must be less than or equal to {MaxPeriodSeconds}"));
            }
        }
    }
}
