using k8s.Models;
using Skiff.Controllers.Ownership;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// One step of a Recreate rollout (upstream's rolloutRecreate): every old ReplicaSet to 0, then nothing until no old
/// pod is left at all (terminating ones included), then the new ReplicaSet — created only now — to replicas.
/// </summary>
public sealed partial class DeploymentController
{
    private async Task RolloutRecreateAsync(V1Deployment d, List<V1ReplicaSet> rsList, Dictionary<string, List<V1Pod>> podsByReplicaSet,
        CancellationToken ct)
    {
        // Without creating the new ReplicaSet yet: nothing may scale up before the old pods are gone.
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: false, ct);
        var scaledDown = false;
        foreach (var old in ReplicaSetCounts.Active(oldRSs))
        {
            var (scaled, written) = await ScaleIfNeededAsync(old, 0, d, ct);
            Replace(oldRSs, written);
            scaledDown |= scaled;
        }

        if (scaledDown || OldPodsRunning(newRS, oldRSs, podsByReplicaSet))
        {
            await SyncRolloutStatusAsync(AllOf(oldRSs, newRS), newRS, d, ct);
            return;
        }

        if (newRS is null)
        {
            (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: true, ct);
        }

        (_, newRS) = await ScaleIfNeededAsync(newRS!, RollingUpdateBounds.Replicas(d), d, ct);
        if (DeploymentStatusCalculator.Complete(d, d.Status ?? new V1DeploymentStatus()))
        {
            await CleanupOldReplicaSetsAsync(oldRSs, d, ct);
        }

        await SyncRolloutStatusAsync(AllOf(oldRSs, newRS), newRS, d, ct);
    }

    /// <summary>
    /// Upstream's oldPodsRunning: an old ReplicaSet still reports pods, or a pod of one is not finished (a pod being
    /// deleted still runs until its kubelet is done with it; an Unknown phase may be running too).
    /// </summary>
    public static bool OldPodsRunning(V1ReplicaSet? newRS, IEnumerable<V1ReplicaSet> oldRSs, IReadOnlyDictionary<string, List<V1Pod>> podsByReplicaSet)
    {
        if (ReplicaSetCounts.ActualTotal(oldRSs) > 0)
        {
            return true;
        }

        return podsByReplicaSet
            .Where(entry => entry.Key != newRS?.Metadata.Uid)
            .SelectMany(entry => entry.Value)
            .Any(pod => pod.Status?.Phase is not ("Failed" or "Succeeded"));
    }

    /// <summary>Upstream's getPodMapForDeployment: the deployment's pods (by its selector) grouped by the ReplicaSet that controls them.</summary>
    private Dictionary<string, List<V1Pod>> PodsByReplicaSet(V1Deployment d, List<V1ReplicaSet> rsList)
    {
        var selector = SelectorOf(d);
        var map = new Dictionary<string, List<V1Pod>>(StringComparer.Ordinal);
        foreach (var rs in rsList)
        {
            map[rs.Metadata.Uid] = [.. pods.Cache.ByIndex(PodIndexes.ByController, rs.Metadata.Uid)
                .Where(pod => selector.Matches(pod.Metadata?.Labels) && ControllerRef.Of(pod)?.Uid == rs.Metadata.Uid)];
        }

        return map;
    }
}
