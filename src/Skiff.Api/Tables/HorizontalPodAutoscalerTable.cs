using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printHorizontalPodAutoscaler for autoscaling/v2 and v1 objects: REFERENCE, TARGETS (formatHPAMetrics), MINPODS, MAXPODS, REPLICAS.</summary>
internal sealed class HorizontalPodAutoscalerTable : ITablePrinter
{
    public static ITablePrinter Printer { get; } = new HorizontalPodAutoscalerTable();

    private const int MaxMetrics = 2;

    public IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        TableColumns.Name,
        TableColumns.String("Reference", ColumnDescriptions.HorizontalPodAutoscalerScaleTargetRef),
        TableColumns.String("Targets", ColumnDescriptions.HorizontalPodAutoscalerMetrics),
        TableColumns.String("MinPods", ColumnDescriptions.HorizontalPodAutoscalerMinReplicas),
        TableColumns.String("MaxPods", ColumnDescriptions.HorizontalPodAutoscalerMaxReplicas),
        TableColumns.String("Replicas", ColumnDescriptions.HorizontalPodAutoscalerCurrentReplicas),
        TableColumns.Age,
    ];

    public object?[] Cells(object obj, DateTime now) => Cells(AsV2(obj), now);

    private static object?[] Cells(V2HorizontalPodAutoscaler hpa, DateTime now)
    {
        var spec = hpa.Spec ?? new V2HorizontalPodAutoscalerSpec();
        var target = spec.ScaleTargetRef;
        return
        [
            hpa.Metadata?.Name ?? "",
            $"{target?.Kind}/{target?.Name}",
            FormatMetrics(spec.Metrics, hpa.Status?.CurrentMetrics),
            spec.MinReplicas is { } min ? min.ToString(CultureInfo.InvariantCulture) : TableCells.Unset,
            (long)spec.MaxReplicas,
            TableCells.Integer(hpa.Status?.CurrentReplicas),
            TableCells.Age(hpa.Metadata, now),
        ];
    }

    private static string FormatMetrics(IList<V2MetricSpec>? specs, IList<V2MetricStatus>? statuses)
    {
        if (specs is null || specs.Count == 0)
        {
            return TableCells.None;
        }

        var list = new List<string>(specs.Count);
        for (var i = 0; i < specs.Count; i++)
        {
            var status = statuses is not null && statuses.Count > i ? statuses[i] : null;
            list.Add(FormatMetric(specs[i], status));
        }

        var text = string.Join(", ", list.Take(MaxMetrics));
        return list.Count > MaxMetrics ? $"{text} + {list.Count - MaxMetrics} more..." : text;
    }

    private static string FormatMetric(V2MetricSpec spec, V2MetricStatus? status)
    {
        const string unknown = TableCells.Unknown;
        switch (spec.Type)
        {
            case "External":
                {
                    var target = spec.External?.Target;
                    if (target?.AverageValue is not null)
                    {
                        var current = status?.External?.Current?.AverageValue is { } average ? average.ToString() : unknown;
                        return $"{current}/{target.AverageValue} (avg)";
                    }

                    var value = status?.External is { } external ? TableCells.Quantity(external.Current?.Value) : unknown;
                    return $"{value}/{TableCells.Quantity(target?.Value)}";
                }

            case "Pods":
                {
                    var current = status?.Pods is { } pods ? TableCells.Quantity(pods.Current?.AverageValue) : unknown;
                    return $"{current}/{TableCells.Quantity(spec.Pods?.Target?.AverageValue)}";
                }

            case "Object":
                {
                    var target = spec.ObjectProperty?.Target;
                    if (target?.AverageValue is not null)
                    {
                        var current = status?.ObjectProperty?.Current?.AverageValue is { } average ? average.ToString() : unknown;
                        return $"{current}/{target.AverageValue} (avg)";
                    }

                    var value = status?.ObjectProperty is { } objectStatus ? TableCells.Quantity(objectStatus.Current?.Value) : unknown;
                    return $"{value}/{TableCells.Quantity(target?.Value)}";
                }

            case "Resource":
                return FormatResource(spec.Resource?.Name, spec.Resource?.Target, status?.Resource is { } resource ? resource.Current ?? new V2MetricValueStatus() : null);

            case "ContainerResource":
                return FormatResource(spec.ContainerResource?.Name, spec.ContainerResource?.Target,
                    status?.ContainerResource is { } container ? container.Current ?? new V2MetricValueStatus() : null);

            default:
                return "<unknown type>";
        }
    }

    private static string FormatResource(string? name, V2MetricTarget? target, V2MetricValueStatus? current)
    {
        if (target?.AverageValue is not null)
        {
            var averageValue = current is null ? TableCells.Unknown : TableCells.Quantity(current.AverageValue);
            return $"{name}: {averageValue}/{target.AverageValue}";
        }

        var utilization = current?.AverageUtilization is { } c ? $"{c}%" : TableCells.Unknown;
        var wanted = target?.AverageUtilization is { } t ? $"{t}%" : "<auto>";
        return $"{name}: {utilization}/{wanted}";
    }

    private static V2HorizontalPodAutoscaler AsV2(object obj) => obj switch
    {
        V2HorizontalPodAutoscaler v2 => v2,
        V1HorizontalPodAutoscaler v1 => FromV1(v1),
        JsonNode node => IsV1(node["apiVersion"]?.GetValue<string>()) ? FromV1(ModelObject.As<V1HorizontalPodAutoscaler>(node)) : ModelObject.As<V2HorizontalPodAutoscaler>(node),
        JsonElement element => AsV2(JsonNode.Parse(element.GetRawText()) ?? throw new ArgumentException("Empty JSON.", nameof(obj))),
        string json => AsV2(JsonNode.Parse(json) ?? throw new ArgumentException("Empty JSON.", nameof(obj))),
        _ => throw new ArgumentException($"Expected a HorizontalPodAutoscaler but got {obj.GetType().Name}.", nameof(obj)),
    };

    private static bool IsV1(string? apiVersion) => apiVersion == "autoscaling/v1";

    /// <summary>Upstream converts v1 to the internal (v2-shaped) type before printing: the CPU target and current utilization become a Resource metric.</summary>
    private static V2HorizontalPodAutoscaler FromV1(V1HorizontalPodAutoscaler v1)
    {
        var spec = v1.Spec ?? new V1HorizontalPodAutoscalerSpec();
        var metrics = new List<V2MetricSpec>();
        if (spec.TargetCPUUtilizationPercentage is { } target)
        {
            metrics.Add(new V2MetricSpec
            {
                Type = "Resource",
                Resource = new V2ResourceMetricSource { Name = "cpu", Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = target } },
            });
        }

        var current = new List<V2MetricStatus>();
        if (v1.Status?.CurrentCPUUtilizationPercentage is { } utilization)
        {
            current.Add(new V2MetricStatus
            {
                Type = "Resource",
                Resource = new V2ResourceMetricStatus { Name = "cpu", Current = new V2MetricValueStatus { AverageUtilization = utilization } },
            });
        }

        return new V2HorizontalPodAutoscaler
        {
            Metadata = v1.Metadata,
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                MaxReplicas = spec.MaxReplicas,
                MinReplicas = spec.MinReplicas,
                Metrics = metrics,
                ScaleTargetRef = spec.ScaleTargetRef is { } r ? new V2CrossVersionObjectReference { ApiVersion = r.ApiVersion, Kind = r.Kind, Name = r.Name } : null,
            },
            Status = new V2HorizontalPodAutoscalerStatus { CurrentReplicas = v1.Status?.CurrentReplicas, CurrentMetrics = current },
        };
    }
}
