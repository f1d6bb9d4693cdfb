using k8s.Models;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// One step of a rolling update (upstream's rolloutRolling): grow the new ReplicaSet within maxSurge, or else
/// shrink old ones within maxUnavailable, then report progress. A template change mid-rollout simply makes a newer
/// new ReplicaSet, and every other one is old (rollover).
/// </summary>
public sealed partial class DeploymentController
{
    private async Task RolloutRollingAsync(V1Deployment d, List<V1ReplicaSet> rsList, CancellationToken ct)
    {
        var (created, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: true, ct);
        var newRS = created!;

        var (scaledUp, grown) = await ReconcileNewReplicaSetAsync(AllOf(oldRSs, newRS), newRS, d, ct);
        newRS = grown;
        if (scaledUp)
        {
            await SyncRolloutStatusAsync(AllOf(oldRSs, newRS), newRS, d, ct);
            return;
        }

        if (await ReconcileOldReplicaSetsAsync(oldRSs, newRS, d, ct))
        {
            await SyncRolloutStatusAsync(AllOf(oldRSs, newRS), newRS, d, ct);
            return;
        }

        if (DeploymentStatusCalculator.Complete(d, d.Status ?? new V1DeploymentStatus()))
        {
            await CleanupOldReplicaSetsAsync(oldRSs, d, ct);
        }

        await SyncRolloutStatusAsync(AllOf(oldRSs, newRS), newRS, d, ct);
    }

    /// <summary>Upstream's reconcileNewReplicaSet: down to replicas if above, else up as far as maxSurge allows.</summary>
    private async Task<(bool Scaled, V1ReplicaSet NewRS)> ReconcileNewReplicaSetAsync(IReadOnlyList<V1ReplicaSet?> allRSs, V1ReplicaSet newRS,
        V1Deployment d, CancellationToken ct)
    {
        var replicas = RollingUpdateBounds.Replicas(d);
        var size = ReplicaSetCounts.Spec(newRS);
        if (size == replicas)
        {
            return (false, newRS);
        }

        // Upstream's scaleReplicaSetAndRecordEvent writes nothing when the size stays: the annotations of a new set
        // that cannot grow yet stay as they are, in step with the old sets for proportional scaling.
        var target = size > replicas ? replicas : RollingScaling.NewReplicaSetSize(d, allRSs, newRS);
        return await ScaleIfNeededAsync(newRS, target, d, ct);
    }

    /// <summary>
    /// Upstream's reconcileOldReplicaSets: within what <see cref="RollingScaling.MaxScaledDown"/> allows, first the
    /// old ReplicaSets' unavailable pods go, then available old pods above replicas - maxUnavailable. Write
    /// failures end the step without failing the sync, as upstream. Returns whether anything was scaled down.
    /// </summary>
    private async Task<bool> ReconcileOldReplicaSetsAsync(List<V1ReplicaSet> oldRSs, V1ReplicaSet newRS, V1Deployment d, CancellationToken ct)
    {
        var activeOld = ReplicaSetCounts.Active(oldRSs);
        if (ReplicaSetCounts.SpecTotal(activeOld) == 0)
        {
            return false;
        }

        var maxScaledDown = RollingScaling.MaxScaledDown(d, AllOf(oldRSs, newRS), newRS);
        if (maxScaledDown <= 0)
        {
            return false;
        }

        var removed = 0;
        try
        {
            foreach (var (rs, size) in RollingScaling.UnhealthyCleanup(activeOld, maxScaledDown))
            {
                removed += ReplicaSetCounts.Spec(rs) - size;
                var (_, written) = await ScaleReplicaSetAsync(rs, size, d, ct);
                Replace(oldRSs, written);
                Replace(activeOld, written);
            }

            foreach (var (rs, size) in RollingScaling.AvailableScaleDown(d, AllOf(activeOld, newRS), activeOld, RollingUpdateBounds.MaxUnavailable(d)))
            {
                removed += ReplicaSetCounts.Spec(rs) - size;
                var (_, written) = await ScaleReplicaSetAsync(rs, size, d, ct);
                Replace(oldRSs, written);
            }
        }
        catch (Skiff.Client.KubeApiException e)
        {
            LogScaleDownFailed(d.Metadata.NamespaceProperty, d.Metadata.Name, e.Message);
            return false;
        }

        return removed > 0;
    }
}
