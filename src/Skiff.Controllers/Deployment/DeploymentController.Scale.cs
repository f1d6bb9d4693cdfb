using k8s.Models;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// Scaling events and paused deployments (upstream's sync and scale): sizes change, the rollout does not move.
/// </summary>
public sealed partial class DeploymentController
{
    private async Task ScaleAndSyncStatusAsync(V1Deployment d, List<V1ReplicaSet> rsList, CancellationToken ct)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: false, ct);
        newRS = await ScaleAsync(d, newRS, oldRSs, ct);
        if (d.Spec.Paused == true)
        {
            // Only while paused: a rolling deployment cleans up when its rollout completes instead.
            await CleanupOldReplicaSetsAsync(oldRSs, d, ct);
        }

        await SyncDeploymentStatusAsync(AllOf(oldRSs, newRS), newRS, d, ct);
    }

    /// <summary>
    /// Upstream's scale: a lone active ReplicaSet (or, with none active, the newest) takes spec.replicas; a
    /// saturated new ReplicaSet means the old ones go to 0; otherwise a rolling deployment's active ReplicaSets
    /// are resized proportionally (<see cref="ProportionalScaling.Plan"/>). Returns the new ReplicaSet as written.
    /// </summary>
    private async Task<V1ReplicaSet?> ScaleAsync(V1Deployment d, V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs, CancellationToken ct)
    {
        var replicas = RollingUpdateBounds.Replicas(d);
        if (ProportionalScaling.ActiveOrLatest(newRS, oldRSs) is { } only)
        {
            if (ReplicaSetCounts.Spec(only) != replicas)
            {
                var (_, written) = await ScaleIfNeededAsync(only, replicas, d, ct);
                return Track(written);
            }

            return newRS;
        }

        if (ProportionalScaling.IsSaturated(d, newRS))
        {
            foreach (var old in ReplicaSetCounts.Active(oldRSs))
            {
                Track((await ScaleIfNeededAsync(old, 0, d, ct)).ReplicaSet);
            }

            return newRS;
        }

        if (RollingUpdateBounds.IsRollingUpdate(d))
        {
            foreach (var (rs, size) in ProportionalScaling.Plan(d, ReplicaSetCounts.Active(AllOf(oldRSs, newRS))))
            {
                Track((await ScaleReplicaSetAsync(rs, size, d, ct)).ReplicaSet);
            }
        }

        return newRS;

        // Later steps of this sync (cleanup, status) see what was written.
        V1ReplicaSet? Track(V1ReplicaSet written)
        {
            if (written.Metadata.Uid == newRS?.Metadata.Uid)
            {
                newRS = written;
            }
            else
            {
                Replace(oldRSs, written);
            }

            return newRS;
        }
    }
}
