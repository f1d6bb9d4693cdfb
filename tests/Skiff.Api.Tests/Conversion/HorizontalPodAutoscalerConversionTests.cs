using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Skiff.Api.Conversion;

namespace Skiff.Api.Tests.Conversion;

public class HorizontalPodAutoscalerConversionTests
{
    private static readonly DateTime Transition = new(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);

    private static V1HorizontalPodAutoscaler V1Hpa() => new()
    {
        ApiVersion = "autoscaling/v1",
        Kind = "HorizontalPodAutoscaler",
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "prod", Annotations = new Dictionary<string, string> { ["team"] = "a" } },
        Spec = new V1HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V1CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            MinReplicas = 2,
            MaxReplicas = 5,
            TargetCPUUtilizationPercentage = 70,
        },
        Status = new V1HorizontalPodAutoscalerStatus { CurrentReplicas = 3, DesiredReplicas = 4, CurrentCPUUtilizationPercentage = 91, ObservedGeneration = 2 },
    };

    // Metrics are ordered as the v1 round trip restores them: annotated metrics first, the CPU target last.
    private static V2HorizontalPodAutoscaler V2Hpa() => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "prod", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            MinReplicas = 1,
            MaxReplicas = 10,
            Metrics =
            [
                new V2MetricSpec { Type = "Resource", Resource = new V2ResourceMetricSource { Name = "memory", Target = new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity("100Mi") } } },
                new V2MetricSpec
                {
                    Type = "Pods",
                    Pods = new V2PodsMetricSource
                    {
                        Metric = new V2MetricIdentifier { Name = "qps", Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["path"] = "api" } } },
                        Target = new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity("10") },
                    },
                },
                new V2MetricSpec
                {
                    Type = "External",
                    External = new V2ExternalMetricSource { Metric = new V2MetricIdentifier { Name = "queue" }, Target = new V2MetricTarget { Type = "Value", Value = new ResourceQuantity("30") } },
                },
                new V2MetricSpec
                {
                    Type = "Object",
                    ObjectProperty = new V2ObjectMetricSource
                    {
                        DescribedObject = new V2CrossVersionObjectReference { ApiVersion = "networking.k8s.io/v1", Kind = "Ingress", Name = "main" },
                        Metric = new V2MetricIdentifier { Name = "rps" },
                        Target = new V2MetricTarget { Type = "Value", Value = new ResourceQuantity("2k") },
                    },
                },
                new V2MetricSpec { Type = "Resource", Resource = new V2ResourceMetricSource { Name = "cpu", Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = 60 } } },
            ],
            Behavior = new V2HorizontalPodAutoscalerBehavior
            {
                ScaleDown = new V2HPAScalingRules
                {
                    StabilizationWindowSeconds = 300,
                    SelectPolicy = "Max",
                    Policies = [new V2HPAScalingPolicy { Type = "Percent", Value = 100, PeriodSeconds = 15 }],
                },
            },
        },
        Status = new V2HorizontalPodAutoscalerStatus
        {
            CurrentReplicas = 3,
            DesiredReplicas = 4,
            ObservedGeneration = 7,
            LastScaleTime = Transition,
            CurrentMetrics =
            [
                new V2MetricStatus { Type = "Resource", Resource = new V2ResourceMetricStatus { Name = "cpu", Current = new V2MetricValueStatus { AverageUtilization = 75, AverageValue = new ResourceQuantity("150m") } } },
                new V2MetricStatus
                {
                    Type = "Pods",
                    Pods = new V2PodsMetricStatus { Metric = new V2MetricIdentifier { Name = "qps" }, Current = new V2MetricValueStatus { AverageValue = new ResourceQuantity("12") } },
                },
            ],
            Conditions =
            [
                new V2HorizontalPodAutoscalerCondition { Type = "AbleToScale", Status = "True", Reason = "ReadyForNewScale", Message = "recommended size matches current size", LastTransitionTime = Transition },
                new V2HorizontalPodAutoscalerCondition { Type = "ScalingLimited", Status = "False", Reason = "DesiredWithinRange", LastTransitionTime = Transition },
            ],
        },
    };

    [Fact]
    public void V1TargetBecomesACpuUtilizationMetric()
    {
        var v2 = HorizontalPodAutoscalerConversion.ToV2(V1Hpa());

        Assert.Equal("autoscaling/v2", v2.ApiVersion);
        Assert.Equal("HorizontalPodAutoscaler", v2.Kind);
        var metric = Assert.Single(v2.Spec.Metrics);
        Assert.Equal("Resource", metric.Type);
        Assert.Equal("cpu", metric.Resource.Name);
        Assert.Equal("Utilization", metric.Resource.Target.Type);
        Assert.Equal(70, metric.Resource.Target.AverageUtilization);
        Assert.Equal(91, Assert.Single(v2.Status.CurrentMetrics).Resource.Current.AverageUtilization);
        Assert.Equal("Deployment", v2.Spec.ScaleTargetRef.Kind);
        Assert.Equal(2, v2.Spec.MinReplicas);
        Assert.Equal("a", v2.Metadata.Annotations["team"]);
    }

    [Fact]
    public void V1WithoutTargetGetsTheImplicitEightyPercent()
    {
        var v1 = V1Hpa();
        v1.Spec.TargetCPUUtilizationPercentage = null;

        var metric = Assert.Single(HorizontalPodAutoscalerConversion.ToV2(v1).Spec.Metrics);
        Assert.Equal(80, metric.Resource.Target.AverageUtilization);
    }

    [Fact]
    public void V2KeepsWhatV1CannotSayInAnnotations()
    {
        var v1 = HorizontalPodAutoscalerConversion.ToV1(V2Hpa());

        Assert.Equal("autoscaling/v1", v1.ApiVersion);
        Assert.Equal("HorizontalPodAutoscaler", v1.Kind);
        Assert.Equal(60, v1.Spec.TargetCPUUtilizationPercentage);
        Assert.Equal(75, v1.Status.CurrentCPUUtilizationPercentage);
        Assert.Equal(3, v1.Status.CurrentReplicas);

        var annotations = v1.Metadata.Annotations;
        var metrics = JsonNode.Parse(annotations[HorizontalPodAutoscalerAnnotations.MetricSpecs])!.AsArray();
        Assert.Equal(4, metrics.Count);
        Assert.Equal("""{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}}""", metrics[0]!.ToJsonString());
        Assert.Equal("""{"type":"Pods","pods":{"metricName":"qps","targetAverageValue":"10","selector":{"matchLabels":{"path":"api"}}}}""", metrics[1]!.ToJsonString());
        Assert.Equal(
            """[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":75,"currentAverageValue":"150m"}},{"type":"Pods","pods":{"metricName":"qps","currentAverageValue":"12"}}]""",
            annotations[HorizontalPodAutoscalerAnnotations.MetricStatuses]);
        Assert.Equal(
            """{"ScaleUp":null,"ScaleDown":{"StabilizationWindowSeconds":300,"SelectPolicy":"Max","Policies":[{"Type":"Percent","Value":100,"PeriodSeconds":15}]}}""",
            annotations[HorizontalPodAutoscalerAnnotations.Behavior]);
        Assert.Equal(
            """[{"type":"AbleToScale","status":"True","lastTransitionTime":"2024-05-06T07:08:09Z","reason":"ReadyForNewScale","message":"recommended size matches current size"},{"type":"ScalingLimited","status":"False","lastTransitionTime":"2024-05-06T07:08:09Z","reason":"DesiredWithinRange"}]""",
            annotations[HorizontalPodAutoscalerAnnotations.Conditions]);
    }

    [Fact]
    public void V2ToV1ToV2LosesNothing()
    {
        var original = V2Hpa();
        var roundTripped = HorizontalPodAutoscalerConversion.ToV2(HorizontalPodAutoscalerConversion.ToV1(original));

        Assert.Equal(KubernetesJson.Serialize(original), KubernetesJson.Serialize(roundTripped));
        Assert.Null(roundTripped.Metadata.Annotations);
    }

    [Fact]
    public void V1ToV2ToV1LosesNothing()
    {
        var original = V1Hpa();
        var roundTripped = HorizontalPodAutoscalerConversion.ToV1(HorizontalPodAutoscalerConversion.ToV2(original));

        // As upstream, the CPU status also travels as a status metric annotation (it can hold the raw value too).
        Assert.Equal(
            """[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":91,"currentAverageValue":"0"}}]""",
            roundTripped.Metadata.Annotations[HorizontalPodAutoscalerAnnotations.MetricStatuses]);
        roundTripped.Metadata.Annotations.Remove(HorizontalPodAutoscalerAnnotations.MetricStatuses);
        Assert.Equal(KubernetesJson.Serialize(original), KubernetesJson.Serialize(roundTripped));
    }

    [Fact]
    public void V1WithoutStatusMetricsRoundTripsExactly()
    {
        var original = V1Hpa();
        original.Status = new V1HorizontalPodAutoscalerStatus { CurrentReplicas = 2, DesiredReplicas = 2 };

        var roundTripped = HorizontalPodAutoscalerConversion.ToV1(HorizontalPodAutoscalerConversion.ToV2(original));

        Assert.Equal(KubernetesJson.Serialize(original), KubernetesJson.Serialize(roundTripped));
    }

    [Fact]
    public void StaleRoundTripAnnotationsAreReplacedNotTrusted()
    {
        var v2 = V2Hpa();
        v2.Spec.Behavior = null;
        v2.Metadata.Annotations = new Dictionary<string, string> { [HorizontalPodAutoscalerAnnotations.Behavior] = "{\"ScaleUp\":{}}" };

        var v1 = HorizontalPodAutoscalerConversion.ToV1(v2);

        Assert.False(v1.Metadata.Annotations.ContainsKey(HorizontalPodAutoscalerAnnotations.Behavior));
    }

    [Fact]
    public void UndecodableAnnotationsAreIgnored()
    {
        var v1 = V1Hpa();
        v1.Metadata.Annotations[HorizontalPodAutoscalerAnnotations.MetricSpecs] = "not json";

        var v2 = HorizontalPodAutoscalerConversion.ToV2(v1);

        Assert.Equal("cpu", Assert.Single(v2.Spec.Metrics).Resource.Name);
        Assert.False(v2.Metadata.Annotations.ContainsKey(HorizontalPodAutoscalerAnnotations.MetricSpecs));
    }

    [Fact]
    public void InputsAreNotModified()
    {
        var v2 = V2Hpa();
        var before = KubernetesJson.Serialize(v2);

        var v1 = HorizontalPodAutoscalerConversion.ToV1(v2);
        v1.Metadata.Labels["app"] = "changed";

        Assert.Equal(before, KubernetesJson.Serialize(v2));
    }
}
