using k8s.Models;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// Upstream's scaling of a deployment whose spec.replicas changed while several ReplicaSets are active (in the
/// middle of a rollout, or paused in one): the difference is spread over the ReplicaSets in proportion to their
/// sizes, so scaling neither speeds up nor reverses the rollout.
/// </summary>
public static class ProportionalScaling
{
    /// <summary>
    /// Upstream's FindActiveOrLatest: the one ReplicaSet with pods (or, if none has any, the new one or else the
    /// newest old one); null when several are active, which is when scaling has to be proportional.
    /// </summary>
    public static V1ReplicaSet? ActiveOrLatest(V1ReplicaSet? newRS, IReadOnlyList<V1ReplicaSet> oldRSs)
    {
        if (newRS is null && oldRSs.Count == 0)
        {
            return null;
        }

        var newestFirst = oldRSs.ToList();
        newestFirst.Sort((a, b) => ReplicaSetOrder.ByCreation(b, a));
        var active = ReplicaSetCounts.Active(newestFirst.Append(newRS));
        return active.Count switch
        {
            0 => newRS ?? newestFirst[0],
            1 => active[0],
            _ => null,
        };
    }

    /// <summary>
    /// Upstream's IsSaturated: the new ReplicaSet holds every desired replica, by its spec, by its desired-replicas
    /// annotation and by its available pods.
    /// </summary>
    public static bool IsSaturated(V1Deployment d, V1ReplicaSet? rs)
    {
        if (rs is null || DeploymentRevisions.DesiredReplicas(rs) is not { } desired)
        {
            return false;
        }

        var replicas = RollingUpdateBounds.Replicas(d);
        return ReplicaSetCounts.Spec(rs) == replicas && desired == replicas && (rs.Status?.AvailableReplicas ?? 0) == replicas;
    }

    /// <summary>
    /// The new size of every active ReplicaSet when a rolling deployment scales: the room left under
    /// replicas + maxSurge (negative when scaling down) is handed out by <see cref="Proportion"/>, largest
    /// ReplicaSet first (newer first among equals when adding, older first when removing), and what rounding left
    /// over goes to the first, never below 0. Returns the sets in the order they are to be written.
    /// </summary>
    /// <example>
    /// Scaling 10 → 15 replicas (maxSurge 3) while the old ReplicaSet has 8 and the new one 5, both annotated
    /// max-replicas 13: allowed 15 + 3 = 18, to add 18 - 13 = 5. Old first (larger): round(8·18/13 = 11.08) = 11,
    /// +3; new: round(5·18/13 = 6.92) = 7, +2 (just what is left). Old 11 + new 7 = 18, nothing left over.
    /// </example>
    public static List<(V1ReplicaSet ReplicaSet, int Size)> Plan(V1Deployment d, IReadOnlyList<V1ReplicaSet> activeRSs)
    {
        var replicas = RollingUpdateBounds.Replicas(d);
        var allowed = replicas > 0 ? replicas + RollingUpdateBounds.MaxSurge(d) : 0;
        var toAdd = allowed - ReplicaSetCounts.SpecTotal(activeRSs);
        var ordered = activeRSs.ToList();
        if (toAdd > 0)
        {
            ordered.Sort(ReplicaSetOrder.BySizeNewer);
        }
        else if (toAdd < 0)
        {
            ordered.Sort(ReplicaSetOrder.BySizeOlder);
        }

        var added = 0;
        var sizes = new int[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            var proportion = toAdd == 0 ? 0 : Proportion(ordered[i], d, toAdd, added);
            sizes[i] = ReplicaSetCounts.Spec(ordered[i]) + proportion;
            added += proportion;
        }

        if (ordered.Count > 0 && toAdd != 0)
        {
            sizes[0] = Math.Max(sizes[0] + toAdd - added, 0);
        }

        return [.. ordered.Select((rs, i) => (rs, sizes[i]))];
    }

    /// <summary>
    /// Upstream's GetProportion: this ReplicaSet's share of <paramref name="toAdd"/>, never more (in absolute value)
    /// than what is still to be handed out after <paramref name="added"/>.
    /// </summary>
    public static int Proportion(V1ReplicaSet? rs, V1Deployment d, int toAdd, int added)
    {
        if (rs is null || ReplicaSetCounts.Spec(rs) == 0 || toAdd == 0 || toAdd == added)
        {
            return 0;
        }

        var fraction = Fraction(rs, d);
        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    /// <summary>
    /// Upstream's getReplicaSetFraction: how many replicas this ReplicaSet gains (or loses) to keep its share of
    /// the deployment when the deployment's maximum size goes from the max-replicas annotation (or, without it, the
    /// current status.replicas) to replicas + maxSurge; its whole size, negated, when scaling to 0.
    /// </summary>
    /// <example>4 of an annotated 13, new maximum 19: round(4·19/13) = round(5.85) = 6, so +2.</example>
    public static int Fraction(V1ReplicaSet rs, V1Deployment d)
    {
        var replicas = RollingUpdateBounds.Replicas(d);
        var size = ReplicaSetCounts.Spec(rs);
        if (replicas == 0)
        {
            return -size;
        }

        var deploymentReplicas = replicas + RollingUpdateBounds.MaxSurge(d);
        var annotated = DeploymentRevisions.MaxReplicas(rs) ?? d.Status?.Replicas ?? 0;
        if (annotated == 0)
        {
            return 0; // upstream divides by zero here (+Inf, clamped by GetProportion); nothing sensible to scale from
        }

        // Go's math.Round: halves away from zero.
        var newSize = Math.Round((double)size * deploymentReplicas / annotated, MidpointRounding.AwayFromZero);
        return (int)newSize - size;
    }
}
