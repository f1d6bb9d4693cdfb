namespace Skiff.Api.Protobuf;

// The autoscaling/v1 part of the schema table; the notation is described in ProtoSchema.cs.
public static partial class ProtoSchema
{
    private const string AutoscalingV1 = """
        package autoscaling.v1 autoscaling/v1
        message CrossVersionObjectReference
          1 kind string
          2 name string
          3 apiVersion string?
        kind HorizontalPodAutoscaler
          1 metadata meta.v1.ObjectMeta
          2 spec HorizontalPodAutoscalerSpec
          3 status HorizontalPodAutoscalerStatus
        kind HorizontalPodAutoscalerList
          1 metadata meta.v1.ListMeta
          2 items []HorizontalPodAutoscaler
        message HorizontalPodAutoscalerSpec
          1 scaleTargetRef CrossVersionObjectReference
          2 minReplicas *int32
          3 maxReplicas int32
          4 targetCPUUtilizationPercentage *int32
        message HorizontalPodAutoscalerStatus
          1 observedGeneration *int64
          2 lastScaleTime *Time
          3 currentReplicas int32
          4 desiredReplicas int32
          5 currentCPUUtilizationPercentage *int32
        kind Scale
          1 metadata meta.v1.ObjectMeta
          2 spec ScaleSpec
          3 status ScaleStatus
        message ScaleSpec
          1 replicas int32?
        message ScaleStatus
          1 replicas int32
          2 selector string?
        """;
}
