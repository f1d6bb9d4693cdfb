using k8s;
using k8s.Models;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// A deployment's status from its ReplicaSets, as upstream's calculateStatus: counts summed over every ReplicaSet
/// (updatedReplicas from the new one), observedGeneration, collisionCount carried over, the existing conditions
/// plus Available for whether at least replicas - maxUnavailable pods are available.
/// </summary>
public static class DeploymentStatusCalculator
{
    public const string MinimumAvailableMessage = "Deployment has minimum availability.";
    public const string MinimumUnavailableMessage = "Deployment does not have minimum availability.";

    public static V1DeploymentStatus Calculate(IReadOnlyList<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS, V1Deployment d, DateTime now)
    {
        var available = ReplicaSetCounts.AvailableTotal(allRSs);
        var total = ReplicaSetCounts.SpecTotal(allRSs);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = ReplicaSetCounts.ActualTotal(allRSs),
            UpdatedReplicas = ReplicaSetCounts.ActualTotal([newRS]),
            ReadyReplicas = ReplicaSetCounts.ReadyTotal(allRSs),
            AvailableReplicas = available,
            // Negative when scaling down with more pods available than now wanted: that is 0 unavailable.
            UnavailableReplicas = Math.Max(total - available, 0),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = d.Status?.Conditions?.Select(Copy).ToList(),
        };
        if (status.Conditions is { Count: 0 })
        {
            status.Conditions = null;
        }

        if (available >= RollingUpdateBounds.Replicas(d) - RollingUpdateBounds.MaxUnavailable(d))
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Available, "True",
                DeploymentConditions.MinimumReplicasAvailable, MinimumAvailableMessage, now));
        }
        else
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Available, "False",
                DeploymentConditions.MinimumReplicasUnavailable, MinimumUnavailableMessage, now));
        }

        return status;
    }

    /// <summary>Upstream's DeploymentComplete: every desired replica updated and available, no old pods, this generation seen.</summary>
    public static bool Complete(V1Deployment d, V1DeploymentStatus status)
    {
        var replicas = RollingUpdateBounds.Replicas(d);
        return (status.UpdatedReplicas ?? 0) == replicas &&
            (status.Replicas ?? 0) == replicas &&
            (status.AvailableReplicas ?? 0) == replicas &&
            (status.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0);
    }

    /// <summary>
    /// Upstream's DeploymentProgressing: compared with the deployment's current status, more pods are updated,
    /// fewer old pods are left, or more pods are ready or available.
    /// </summary>
    public static bool Progressing(V1Deployment d, V1DeploymentStatus newStatus)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldStatusOldReplicas = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newStatusOldReplicas = (newStatus.Replicas ?? 0) - (newStatus.UpdatedReplicas ?? 0);
        return (newStatus.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0) ||
            newStatusOldReplicas < oldStatusOldReplicas ||
            (newStatus.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0) ||
            (newStatus.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    /// <summary>
    /// Upstream's DeploymentTimedOut: the Progressing condition (unless it reports success) was last updated more
    /// than progressDeadlineSeconds ago, or already says ProgressDeadlineExceeded.
    /// </summary>
    public static bool TimedOut(V1Deployment d, V1DeploymentStatus newStatus, DateTime now)
    {
        if (!HasProgressDeadline(d) || DeploymentConditions.Get(newStatus, DeploymentConditions.Progressing) is not { } condition)
        {
            return false;
        }

        if (condition.Reason == DeploymentConditions.NewRSAvailableReason)
        {
            return false;
        }

        if (condition.Reason == DeploymentConditions.TimedOutReason)
        {
            return true;
        }

        return condition.LastUpdateTime is { } from && from.AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) < now;
    }

    /// <summary>A progress deadline is set and is not int32 max (upstream's "no deadline").</summary>
    public static bool HasProgressDeadline(V1Deployment d) => d.Spec?.ProgressDeadlineSeconds is { } seconds && seconds != int.MaxValue;

    /// <summary>A revision history limit is set and is not int32 max (upstream's "keep everything").</summary>
    public static bool HasRevisionHistoryLimit(V1Deployment d) => d.Spec?.RevisionHistoryLimit is { } limit && limit != int.MaxValue;

    /// <summary>Whether two statuses are equal (upstream's reflect.DeepEqual before writing).</summary>
    public static bool Same(V1DeploymentStatus? a, V1DeploymentStatus? b) =>
        KubernetesJson.Serialize(a ?? new V1DeploymentStatus()) == KubernetesJson.Serialize(b ?? new V1DeploymentStatus());

    private static V1DeploymentCondition Copy(V1DeploymentCondition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        LastUpdateTime = c.LastUpdateTime,
        LastTransitionTime = c.LastTransitionTime,
    };
}
