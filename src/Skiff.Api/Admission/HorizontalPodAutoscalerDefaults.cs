using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's HorizontalPodAutoscaler defaults for autoscaling/v2 (and the minReplicas default of autoscaling/v1).</summary>
internal static class HorizontalPodAutoscalerDefaults
{
    private const int DefaultCpuUtilization = 80;

    public static void Apply(V2HorizontalPodAutoscaler autoscaler)
    {
        var spec = autoscaler.Spec ??= new V2HorizontalPodAutoscalerSpec();
        spec.MinReplicas ??= 1;
        if (spec.Metrics is null || spec.Metrics.Count == 0)
        {
            spec.Metrics =
            [
                new V2MetricSpec
                {
                    Type = "Resource",
                    Resource = new V2ResourceMetricSource
                    {
                        Name = "cpu",
                        Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = DefaultCpuUtilization },
                    },
                },
            ];
        }
        // Behavior is filled only when the user gave one: each direction gets upstream's rules where unset.
        if (spec.Behavior is { } behavior)
        {
            behavior.ScaleUp = FillRules(behavior.ScaleUp, stabilizationWindowSeconds: 0,
            [
                new V2HPAScalingPolicy { Type = "Pods", Value = 4, PeriodSeconds = 15 },
                new V2HPAScalingPolicy { Type = "Percent", Value = 100, PeriodSeconds = 15 },
            ]);
            behavior.ScaleDown = FillRules(behavior.ScaleDown, stabilizationWindowSeconds: null,
            [
                new V2HPAScalingPolicy { Type = "Percent", Value = 100, PeriodSeconds = 15 },
            ]);
        }
    }

    public static void Apply(V1HorizontalPodAutoscaler autoscaler)
    {
        var spec = autoscaler.Spec ??= new V1HorizontalPodAutoscalerSpec();
        spec.MinReplicas ??= 1;
    }

    private static V2HPAScalingRules FillRules(V2HPAScalingRules? rules, int? stabilizationWindowSeconds, List<V2HPAScalingPolicy> policies)
    {
        rules ??= new V2HPAScalingRules();
        rules.SelectPolicy ??= "Max";
        rules.StabilizationWindowSeconds ??= stabilizationWindowSeconds;
        rules.Policies ??= policies;
        return rules;
    }
}
