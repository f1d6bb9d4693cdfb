namespace Skiff.Api.Taints;

/// <summary>The taint keys and effects upstream's node controllers and kubelet use (k8s.io/api/core/v1 well_known_taints.go).</summary>
public static class NodeTaints
{
    /// <summary>The node's Ready condition is False.</summary>
    public const string NotReady = "node.kubernetes.io/not-ready";

    /// <summary>The node's Ready condition is Unknown: the node controller lost its heartbeats.</summary>
    public const string Unreachable = "node.kubernetes.io/unreachable";

    /// <summary>spec.unschedulable is set (kubectl cordon).</summary>
    public const string Unschedulable = "node.kubernetes.io/unschedulable";

    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";

    public const string DiskPressure = "node.kubernetes.io/disk-pressure";

    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";

    public const string PidPressure = "node.kubernetes.io/pid-pressure";

    /// <summary>Pods that do not tolerate it are not scheduled on the node.</summary>
    public const string NoSchedule = "NoSchedule";

    /// <summary>The scheduler avoids the node for pods that do not tolerate it.</summary>
    public const string PreferNoSchedule = "PreferNoSchedule";

    /// <summary>Pods that do not tolerate it are evicted from the node (after their tolerationSeconds if they do).</summary>
    public const string NoExecute = "NoExecute";
}
