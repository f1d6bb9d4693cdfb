namespace Skiff.Api.Protobuf;

// The autoscaling/v2 part of the schema table; the notation is described in ProtoSchema.cs.
public static partial class ProtoSchema
{
    private const string AutoscalingV2 = """
        package autoscaling.v2 autoscaling/v2
        message ContainerResourceMetricSource
          1 name string
          2 target MetricTarget
          3 container string
        message ContainerResourceMetricStatus
          1 name string
          2 current MetricValueStatus
          3 container string
        message CrossVersionObjectReference
          1 kind string
          2 name string
          3 apiVersion string?
        message ExternalMetricSource
          1 metric MetricIdentifier
          2 target MetricTarget
        message ExternalMetricStatus
          1 metric MetricIdentifier
          2 current MetricValueStatus
        message HPAScalingPolicy
          1 type string
          2 value int32
          3 periodSeconds int32
        message HPAScalingRules
          1 selectPolicy *string
          2 policies []HPAScalingPolicy
          3 stabilizationWindowSeconds *int32
          4 tolerance *Quantity
        kind HorizontalPodAutoscaler
          1 metadata meta.v1.ObjectMeta
          2 spec HorizontalPodAutoscalerSpec
          3 status HorizontalPodAutoscalerStatus
        message HorizontalPodAutoscalerBehavior
          1 scaleUp *HPAScalingRules
          2 scaleDown *HPAScalingRules
        message HorizontalPodAutoscalerCondition
          1 type string
          2 status string
          3 lastTransitionTime Time
          4 reason string?
          5 message string?
          6 observedGeneration *int64
        kind HorizontalPodAutoscalerList
          1 metadata meta.v1.ListMeta
          2 items []HorizontalPodAutoscaler
        message HorizontalPodAutoscalerSpec
          1 scaleTargetRef CrossVersionObjectReference
          2 minReplicas *int32
          3 maxReplicas int32
          4 metrics []MetricSpec
          5 behavior *HorizontalPodAutoscalerBehavior
        message HorizontalPodAutoscalerStatus
          1 observedGeneration *int64
          2 lastScaleTime *Time
          3 currentReplicas int32?
          4 desiredReplicas int32
          5 currentMetrics []MetricStatus
          6 conditions []HorizontalPodAutoscalerCondition
        message MetricIdentifier
          1 name string
          2 selector *meta.v1.LabelSelector
        message MetricSpec
          1 type string
          2 object *ObjectMetricSource
          3 pods *PodsMetricSource
          4 resource *ResourceMetricSource
          5 external *ExternalMetricSource
          7 containerResource *ContainerResourceMetricSource
        message MetricStatus
          1 type string
          2 object *ObjectMetricStatus
          3 pods *PodsMetricStatus
          4 resource *ResourceMetricStatus
          5 external *ExternalMetricStatus
          7 containerResource *ContainerResourceMetricStatus
        message MetricTarget
          1 type string
          2 value *Quantity
          3 averageValue *Quantity
          4 averageUtilization *int32
        message MetricValueStatus
          1 value *Quantity
          2 averageValue *Quantity
          3 averageUtilization *int32
        message ObjectMetricSource
          1 describedObject CrossVersionObjectReference
          2 target MetricTarget
          3 metric MetricIdentifier
        message ObjectMetricStatus
          1 metric MetricIdentifier
          2 current MetricValueStatus
          3 describedObject CrossVersionObjectReference
        message PodsMetricSource
          1 metric MetricIdentifier
          2 target MetricTarget
        message PodsMetricStatus
          1 metric MetricIdentifier
          2 current MetricValueStatus
        message ResourceMetricSource
          1 name string
          2 target MetricTarget
        message ResourceMetricStatus
          1 name string
          2 current MetricValueStatus
        """;
}
