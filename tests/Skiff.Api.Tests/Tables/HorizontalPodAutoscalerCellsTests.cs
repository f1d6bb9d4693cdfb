using k8s.Models;
using static Skiff.Api.Tests.Tables.TableTestObjects;

namespace Skiff.Api.Tests.Tables;

public class HorizontalPodAutoscalerCellsTests
{
    private static V2MetricSpec Cpu(int? utilization) => new()
    {
        Type = "Resource",
        Resource = new V2ResourceMetricSource { Name = "cpu", Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = utilization } },
    };

    private static V2MetricStatus CpuNow(int utilization) => new()
    {
        Type = "Resource",
        Resource = new V2ResourceMetricStatus { Name = "cpu", Current = new V2MetricValueStatus { AverageUtilization = utilization } },
    };

    private static V2HorizontalPodAutoscaler Hpa(IList<V2MetricSpec>? metrics, IList<V2MetricStatus>? current = null, int? minReplicas = 2) => new()
    {
        Metadata = Meta("web"),
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            MinReplicas = minReplicas,
            MaxReplicas = 10,
            Metrics = metrics,
        },
        Status = new V2HorizontalPodAutoscalerStatus { CurrentReplicas = 3, DesiredReplicas = 3, CurrentMetrics = current },
    };

    private static object?[] Cells(object hpa) => Print("autoscaling", "horizontalpodautoscalers", hpa);

    [Fact]
    public void V2_cpu_utilization_prints_current_over_target()
    {
        Assert.Equal(["web", "Deployment/web", "cpu: 45%/80%", "2", 10L, 3L, "5m"], Cells(Hpa([Cpu(80)], [CpuNow(45)])));
    }

    [Fact]
    public void Missing_current_metric_is_unknown_and_missing_target_is_auto()
    {
        Assert.Equal("cpu: <unknown>/80%", Cells(Hpa([Cpu(80)]))[2]);
        Assert.Equal("cpu: <unknown>/<auto>", Cells(Hpa([Cpu(null)]))[2]);
    }

    [Fact]
    public void No_metrics_prints_none_and_unset_min_replicas_prints_unset()
    {
        var cells = Cells(Hpa(null, minReplicas: null));
        Assert.Equal(["<none>", "<unset>"], cells[2..4]);
    }

    [Fact]
    public void More_than_two_metrics_are_summarised()
    {
        var memory = new V2MetricSpec
        {
            Type = "Resource",
            Resource = new V2ResourceMetricSource { Name = "memory", Target = new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity("512Mi") } },
        };
        var pods = new V2MetricSpec
        {
            Type = "Pods",
            Pods = new V2PodsMetricSource { Metric = new V2MetricIdentifier { Name = "qps" }, Target = new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity("10") } },
        };
        var external = new V2MetricSpec
        {
            Type = "External",
            External = new V2ExternalMetricSource { Metric = new V2MetricIdentifier { Name = "queue" }, Target = new V2MetricTarget { Type = "Value", Value = new ResourceQuantity("30") } },
        };

        Assert.Equal("cpu: 45%/80%, memory: <unknown>/512Mi + 2 more...", Cells(Hpa([Cpu(80), memory, pods, external], [CpuNow(45)]))[2]);
        Assert.Equal("<unknown>/10, <unknown>/30", Cells(Hpa([pods, external]))[2]);
    }

    [Fact]
    public void Object_and_external_average_targets_are_marked_avg()
    {
        var objectMetric = new V2MetricSpec
        {
            Type = "Object",
            ObjectProperty = new V2ObjectMetricSource
            {
                DescribedObject = new V2CrossVersionObjectReference { Kind = "Ingress", Name = "main" },
                Metric = new V2MetricIdentifier { Name = "rps" },
                Target = new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity("2k") },
            },
        };
        var current = new V2MetricStatus
        {
            Type = "Object",
            ObjectProperty = new V2ObjectMetricStatus { Current = new V2MetricValueStatus { AverageValue = new ResourceQuantity("1500") } },
        };
        Assert.Equal("1500/2k (avg)", Cells(Hpa([objectMetric], [current]))[2]);
    }

    [Fact]
    public void V1_object_prints_its_cpu_target_like_upstream_after_conversion()
    {
        var hpa = new V1HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v1",
            Kind = "HorizontalPodAutoscaler",
            Metadata = Meta("web"),
            Spec = new V1HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V1CrossVersionObjectReference { Kind = "Deployment", Name = "web" },
                MaxReplicas = 5,
                TargetCPUUtilizationPercentage = 50,
            },
            Status = new V1HorizontalPodAutoscalerStatus { CurrentReplicas = 1, DesiredReplicas = 1, CurrentCPUUtilizationPercentage = 20 },
        };
        Assert.Equal(["web", "Deployment/web", "cpu: 20%/50%", "<unset>", 5L, 1L, "5m"], Cells(hpa));

        var json = System.Text.Json.Nodes.JsonNode.Parse(k8s.KubernetesJson.Serialize(hpa))!;
        Assert.Equal(Cells(hpa), Cells(json));
    }
}
