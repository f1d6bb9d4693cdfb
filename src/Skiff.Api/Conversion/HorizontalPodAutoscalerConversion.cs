using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Skiff.Api.Conversion;

/// <summary>
/// Converts HorizontalPodAutoscalers between autoscaling/v2 (the storage version) and autoscaling/v1, as upstream's
/// pkg/apis/autoscaling/v1/conversion.go: the CPU utilization target maps to targetCPUUtilizationPercentage and
/// everything v1 cannot express travels in annotations, so v2 → v1 → v2 loses nothing.
/// </summary>
public static class HorizontalPodAutoscalerConversion
{
    private const string Cpu = "cpu";
    private const string ResourceType = "Resource";
    private const string UtilizationType = "Utilization";

    /// <summary>The target autoscaling/v1 implied before v2 made it explicit.</summary>
    private const int DefaultCpuUtilization = 80;

    public static V2HorizontalPodAutoscaler ToV2(V1HorizontalPodAutoscaler v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var source = Clone(v1);
        var spec = source.Spec ?? new V1HorizontalPodAutoscalerSpec();
        var status = source.Status;
        var result = new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = source.Metadata,
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference
                {
                    ApiVersion = spec.ScaleTargetRef?.ApiVersion,
                    Kind = spec.ScaleTargetRef?.Kind ?? string.Empty,
                    Name = spec.ScaleTargetRef?.Name ?? string.Empty,
                },
                MinReplicas = spec.MinReplicas,
                MaxReplicas = spec.MaxReplicas,
                Metrics = spec.TargetCPUUtilizationPercentage is { } target ? [CpuUtilizationTarget(target)] : null,
            },
            Status = new V2HorizontalPodAutoscalerStatus
            {
                ObservedGeneration = status?.ObservedGeneration,
                LastScaleTime = status?.LastScaleTime,
                CurrentReplicas = status?.CurrentReplicas ?? 0,
                DesiredReplicas = status?.DesiredReplicas ?? 0,
                CurrentMetrics = status?.CurrentCPUUtilizationPercentage is { } current
                    ? [new V2MetricStatus { Type = ResourceType, Resource = new V2ResourceMetricStatus { Name = Cpu, Current = new V2MetricValueStatus { AverageUtilization = current } } }]
                    : null,
            },
        };

        var annotations = result.Metadata?.Annotations;
        if (ReadList(annotations, HorizontalPodAutoscalerAnnotations.MetricSpecs) is { } otherMetrics)
        {
            // The CPU target from the v1 field goes after the annotated metrics, as upstream orders them.
            List<V2MetricSpec> metrics = [.. otherMetrics.Select(AlphaMetricJson.ReadSpec)];
            if (result.Spec.Metrics is { Count: > 0 } cpu)
            {
                metrics.Add(cpu[0]);
            }

            result.Spec.Metrics = metrics;
        }

        if (ReadObject(annotations, HorizontalPodAutoscalerAnnotations.Behavior) is { } behavior)
        {
            result.Spec.Behavior = AlphaMetricJson.ReadBehavior(behavior);
        }

        // The annotation holds every status metric, richer than the single v1 percentage, so it wins.
        if (ReadList(annotations, HorizontalPodAutoscalerAnnotations.MetricStatuses) is { } currentMetrics)
        {
            result.Status.CurrentMetrics = [.. currentMetrics.Select(AlphaMetricJson.ReadStatus)];
        }

        if (result.Spec.Metrics is null || result.Spec.Metrics.Count == 0)
        {
            result.Spec.Metrics = [CpuUtilizationTarget(DefaultCpuUtilization)];
        }

        if (ReadList(annotations, HorizontalPodAutoscalerAnnotations.Conditions) is { } conditions)
        {
            result.Status.Conditions = [.. conditions.Select(AlphaMetricJson.ReadCondition)];
        }

        if (result.Metadata is not null)
        {
            result.Metadata.Annotations = WithoutRoundTripAnnotations(result.Metadata.Annotations);
        }

        return result;
    }

    public static V1HorizontalPodAutoscaler ToV1(V2HorizontalPodAutoscaler v2)
    {
        ArgumentNullException.ThrowIfNull(v2);
        var source = Clone(v2);
        var spec = source.Spec ?? new V2HorizontalPodAutoscalerSpec();
        var status = source.Status ?? new V2HorizontalPodAutoscalerStatus();
        var result = new V1HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v1",
            Kind = "HorizontalPodAutoscaler",
            Metadata = source.Metadata,
            Spec = new V1HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V1CrossVersionObjectReference
                {
                    ApiVersion = spec.ScaleTargetRef?.ApiVersion,
                    Kind = spec.ScaleTargetRef?.Kind ?? string.Empty,
                    Name = spec.ScaleTargetRef?.Name ?? string.Empty,
                },
                MinReplicas = spec.MinReplicas,
                MaxReplicas = spec.MaxReplicas,

                // The first CPU resource metric decides, even when it is not a utilization target.
                TargetCPUUtilizationPercentage = spec.Metrics?.FirstOrDefault(IsCpuResource)?.Resource.Target?.AverageUtilization,
            },
            Status = new V1HorizontalPodAutoscalerStatus
            {
                ObservedGeneration = status.ObservedGeneration,
                LastScaleTime = status.LastScaleTime,
                CurrentReplicas = status.CurrentReplicas ?? 0,
                DesiredReplicas = status.DesiredReplicas,
                CurrentCPUUtilizationPercentage = status.CurrentMetrics?
                    .LastOrDefault(m => IsCpuStatus(m) && m.Resource.Current?.AverageUtilization is not null)?
                    .Resource.Current.AverageUtilization,
            },
        };

        var annotations = WithoutRoundTripAnnotations(result.Metadata?.Annotations);
        var otherMetrics = (spec.Metrics ?? []).Where(m => !(IsCpuResource(m) && m.Resource.Target?.AverageUtilization is not null)).ToList();
        if (otherMetrics.Count > 0)
        {
            annotations = With(annotations, HorizontalPodAutoscalerAnnotations.MetricSpecs, new JsonArray([.. otherMetrics.Select(m => (JsonNode)AlphaMetricJson.WriteSpec(m))]));
        }

        // Kept even when it is only the CPU value: the annotation also preserves the raw average value.
        if (status.CurrentMetrics is { Count: > 0 } current)
        {
            annotations = With(annotations, HorizontalPodAutoscalerAnnotations.MetricStatuses, new JsonArray([.. current.Select(m => (JsonNode)AlphaMetricJson.WriteStatus(m))]));
        }

        if (spec.Behavior is { } behavior)
        {
            annotations = With(annotations, HorizontalPodAutoscalerAnnotations.Behavior, AlphaMetricJson.WriteBehavior(behavior));
        }

        if (status.Conditions is { Count: > 0 } conditions)
        {
            annotations = With(annotations, HorizontalPodAutoscalerAnnotations.Conditions, new JsonArray([.. conditions.Select(c => (JsonNode)AlphaMetricJson.WriteCondition(c))]));
        }

        if (result.Metadata is not null)
        {
            result.Metadata.Annotations = annotations;
        }
        else if (annotations is not null)
        {
            result.Metadata = new V1ObjectMeta { Annotations = annotations };
        }

        return result;
    }

    private static V2MetricSpec CpuUtilizationTarget(int percentage) => new()
    {
        Type = ResourceType,
        Resource = new V2ResourceMetricSource { Name = Cpu, Target = new V2MetricTarget { Type = UtilizationType, AverageUtilization = percentage } },
    };

    private static bool IsCpuResource(V2MetricSpec metric) =>
        metric.Type == ResourceType && metric.Resource is not null && metric.Resource.Name == Cpu;

    private static bool IsCpuStatus(V2MetricStatus metric) =>
        metric.Type == ResourceType && metric.Resource is not null && metric.Resource.Name == Cpu;

    private static IDictionary<string, string>? WithoutRoundTripAnnotations(IDictionary<string, string>? annotations)
    {
        if (annotations is null || !HorizontalPodAutoscalerAnnotations.All.Any(annotations.ContainsKey))
        {
            return annotations;
        }

        var copy = annotations.Where(p => !HorizontalPodAutoscalerAnnotations.All.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        // Go drops an empty map from the JSON (omitempty); an empty dictionary would serialize as {}.
        return copy.Count == 0 ? null : copy;
    }

    private static Dictionary<string, string> With(IDictionary<string, string>? annotations, string key, JsonNode value)
    {
        var copy = annotations is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(annotations, StringComparer.Ordinal);
        copy[key] = value.ToJsonString();
        return copy;
    }

    // Upstream ignores an annotation it cannot decode rather than failing the request.
    private static IEnumerable<JsonObject>? ReadList(IDictionary<string, string>? annotations, string key) =>
        Parse(annotations, key) is JsonArray array ? array.OfType<JsonObject>().ToList() : null;

    private static JsonObject? ReadObject(IDictionary<string, string>? annotations, string key) => Parse(annotations, key) as JsonObject;

    private static JsonNode? Parse(IDictionary<string, string>? annotations, string key)
    {
        if (annotations is null || !annotations.TryGetValue(key, out var text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The caller's object is never shared with the result: both may live in caches.
    private static T Clone<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
