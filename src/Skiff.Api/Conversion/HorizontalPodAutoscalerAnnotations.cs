namespace Skiff.Api.Conversion;

/// <summary>The annotations in which autoscaling/v1 objects carry the autoscaling/v2 data v1 has no fields for.</summary>
public static class HorizontalPodAutoscalerAnnotations
{
    /// <summary>Spec metrics other than the CPU utilization target, as a JSON list in the alpha (v2beta1-like) shape.</summary>
    public const string MetricSpecs = "autoscaling.alpha.kubernetes.io/metrics";

    /// <summary>All status metrics, as a JSON list in the alpha shape.</summary>
    public const string MetricStatuses = "autoscaling.alpha.kubernetes.io/current-metrics";

    /// <summary>Status conditions, as a JSON list.</summary>
    public const string Conditions = "autoscaling.alpha.kubernetes.io/conditions";

    /// <summary>spec.behavior, as JSON with Go's internal field names (ScaleUp, Policies, …), as upstream writes it.</summary>
    public const string Behavior = "autoscaling.alpha.kubernetes.io/behavior";

    /// <summary>Every annotation the conversion owns; stale copies are dropped before writing fresh ones.</summary>
    public static IReadOnlyList<string> All { get; } = [MetricSpecs, MetricStatuses, Conditions, Behavior];
}
