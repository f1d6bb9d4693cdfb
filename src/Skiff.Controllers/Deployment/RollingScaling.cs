using k8s.Models;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// The arithmetic of one rolling-update step, as upstream's NewRSNewReplicas and reconcileOldReplicaSets: how far
/// the new ReplicaSet may grow, how many old pods may go, and which old ReplicaSets lose them.
/// </summary>
public static class RollingScaling
{
    /// <summary>
    /// The new ReplicaSet's size for this step: for a rolling update, grown into whatever room is left under
    /// replicas + maxSurge, but never past replicas; for Recreate, simply replicas.
    /// </summary>
    /// <remarks>
    /// Upstream counts the old ReplicaSets by spec.replicas alone. Skiff counts an old ReplicaSet's pods that still
    /// exist (status.replicas) when there are more of them than its spec asks for: a ReplicaSet scaled down a moment
    /// ago still has the pods its controller is about to delete, and in one process the new ReplicaSet's controller
    /// can create before the old one's deletes, which would briefly put more than replicas + maxSurge pods up.
    /// </remarks>
    /// <example>
    /// 10 replicas, maxSurge 3, old 10 + new 0: room 13 - 10 = 3, so the new set goes to 3. Had the old set just been
    /// scaled to 8 with its 10 pods still there, the room is 13 - 10 - 3 = 0 until two of them are gone.
    /// </example>
    public static int NewReplicaSetSize(V1Deployment d, IEnumerable<V1ReplicaSet?> allRSs, V1ReplicaSet newRS)
    {
        var replicas = RollingUpdateBounds.Replicas(d);
        if (!RollingUpdateBounds.IsRollingUpdate(d))
        {
            return replicas;
        }

        var current = ReplicaSetCounts.Spec(newRS);
        var maxTotal = replicas + RollingUpdateBounds.MaxSurge(d);
        var total = allRSs.OfType<V1ReplicaSet>().Sum(rs => IsSame(rs, newRS)
            ? ReplicaSetCounts.Spec(rs)
            : Math.Max(ReplicaSetCounts.Spec(rs), rs.Status?.Replicas ?? 0));
        if (total >= maxTotal)
        {
            return current;
        }

        return current + Math.Min(maxTotal - total, replicas - current);
    }

    /// <summary>
    /// How many old pods may be removed now: everything above replicas - maxUnavailable, less the new ReplicaSet's
    /// pods that are not available yet (they must not be counted on).
    /// </summary>
    /// <example>
    /// 10 replicas, maxUnavailable 2, maxSurge 3: old 8 + new 5 = 13 pods, new pods all crash-looping (5
    /// unavailable): 13 - 8 - 5 = 0, nothing may go. After a rollback that makes the new set's unavailable count
    /// 1: 13 - 8 - 1 = 4.
    /// </example>
    public static int MaxScaledDown(V1Deployment d, IEnumerable<V1ReplicaSet?> allRSs, V1ReplicaSet newRS)
    {
        var minAvailable = RollingUpdateBounds.Replicas(d) - RollingUpdateBounds.MaxUnavailable(d);
        var newUnavailable = ReplicaSetCounts.Spec(newRS) - (newRS.Status?.AvailableReplicas ?? 0);
        return ReplicaSetCounts.SpecTotal(allRSs) - minAvailable - newUnavailable;
    }

    /// <summary>
    /// Upstream's cleanupUnhealthyReplicas: old ReplicaSets (oldest first) shrink by their unavailable pods, up to
    /// <paramref name="maxCleanup"/> in all; removing pods that are not available costs no availability. Returns
    /// the sets to resize with their new sizes.
    /// </summary>
    /// <example>Old sets A (5, 3 available) and B (4, 4 available), at most 3: A → 3 (−2); B has none unhealthy.</example>
    public static List<(V1ReplicaSet ReplicaSet, int Size)> UnhealthyCleanup(IReadOnlyList<V1ReplicaSet> oldRSs, int maxCleanup)
    {
        var plan = new List<(V1ReplicaSet, int)>();
        var removed = 0;
        foreach (var rs in oldRSs.OrderBy(rs => rs, Comparer<V1ReplicaSet>.Create(ReplicaSetOrder.ByCreation)))
        {
            if (removed >= maxCleanup)
            {
                break;
            }

            var size = ReplicaSetCounts.Spec(rs);
            var available = rs.Status?.AvailableReplicas ?? 0;
            if (size == 0 || size == available)
            {
                continue;
            }

            var count = Math.Min(maxCleanup - removed, size - available);
            if (count <= 0)
            {
                continue;
            }

            plan.Add((rs, size - count));
            removed += count;
        }

        return plan;
    }

    /// <summary>
    /// Upstream's scaleDownOldReplicaSetsForRollingUpdate: with more than replicas - maxUnavailable pods
    /// available, the surplus comes off the old ReplicaSets, oldest first.
    /// </summary>
    /// <remarks>
    /// A ReplicaSet counts at most spec.replicas pods as available here (upstream takes status.availableReplicas as
    /// it is): right after a scale-down its controller still reports the pods it is deleting as available, and
    /// counting them would scale down again on pods that are already going, below replicas - maxUnavailable.
    /// </remarks>
    /// <example>10 replicas, maxUnavailable 2, 11 available: 11 - 8 = 3 old pods go (old A 2 → 0, old B 5 → 4).</example>
    public static List<(V1ReplicaSet ReplicaSet, int Size)> AvailableScaleDown(V1Deployment d, IReadOnlyList<V1ReplicaSet?> allRSs,
        IReadOnlyList<V1ReplicaSet> oldRSs, int maxUnavailable)
    {
        var plan = new List<(V1ReplicaSet, int)>();
        var minAvailable = RollingUpdateBounds.Replicas(d) - maxUnavailable;
        var available = allRSs.OfType<V1ReplicaSet>().Sum(rs => Math.Min(rs.Status?.AvailableReplicas ?? 0, ReplicaSetCounts.Spec(rs)));
        if (available <= minAvailable)
        {
            return plan;
        }

        var toRemove = available - minAvailable;
        var removed = 0;
        foreach (var rs in oldRSs.OrderBy(rs => rs, Comparer<V1ReplicaSet>.Create(ReplicaSetOrder.ByCreation)))
        {
            if (removed >= toRemove)
            {
                break;
            }

            var size = ReplicaSetCounts.Spec(rs);
            if (size == 0)
            {
                continue;
            }

            var count = Math.Min(size, toRemove - removed);
            plan.Add((rs, size - count));
            removed += count;
        }

        return plan;
    }

    private static bool IsSame(V1ReplicaSet rs, V1ReplicaSet other) =>
        ReferenceEquals(rs, other) || (rs.Metadata?.Uid is { } uid && uid == other.Metadata?.Uid);
}
