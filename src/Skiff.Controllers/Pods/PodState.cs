using k8s.Models;

namespace Skiff.Controllers.Pods;

/// <summary>Upstream's readings of a pod's status: active, ready, available (ready for minReadySeconds).</summary>
public static class PodState
{
    /// <summary>Not finished (Succeeded/Failed) and not being deleted: counts towards a controller's replicas.</summary>
    public static bool IsActive(V1Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata?.DeletionTimestamp is null;

    public static bool IsReady(V1Pod pod) => ReadyCondition(pod)?.Status == "True";

    /// <summary>Ready for at least minReadySeconds (ready is enough when minReadySeconds is 0).</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTime now)
    {
        if (!IsReady(pod))
        {
            return false;
        }

        if (minReadySeconds == 0)
        {
            return true;
        }

        var since = ReadyCondition(pod)?.LastTransitionTime;
        return since is { } t && t.AddSeconds(minReadySeconds) < now;
    }

    /// <summary>When the pod last became ready, or null if it is not ready.</summary>
    public static DateTime? ReadySince(V1Pod pod) =>
        ReadyCondition(pod) is { Status: "True" } ready ? ready.LastTransitionTime : null;

    public static int MaxContainerRestarts(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.Select(s => s.RestartCount).DefaultIfEmpty(0).Max() ?? 0;

    private static V1PodCondition? ReadyCondition(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
}
