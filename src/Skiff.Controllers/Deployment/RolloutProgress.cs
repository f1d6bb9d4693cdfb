using k8s.Models;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// Upstream's syncRolloutStatus and requeueStuckDeployment without the writes: the Progressing condition of a
/// rollout (NewReplicaSetAvailable when complete, ReplicaSetUpdated while it moves, ProgressDeadlineExceeded when
/// it has not moved for progressDeadlineSeconds), ReplicaFailure promoted from the ReplicaSets, and when to look
/// at a deployment again so a stuck rollout times out on time.
/// </summary>
public static class RolloutProgress
{
    /// <summary>The status to write after a rollout step, from the deployment's current status and its ReplicaSets.</summary>
    public static V1DeploymentStatus Status(IReadOnlyList<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS, V1Deployment d, DateTime now)
    {
        var status = DeploymentStatusCalculator.Calculate(allRSs, newRS, d, now);
        var hasDeadline = DeploymentStatusCalculator.HasProgressDeadline(d);
        if (!hasDeadline)
        {
            DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        }

        // A resync of a finished rollout (one ReplicaSet, already reported available) estimates nothing.
        var current = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        var complete = status.Replicas == status.UpdatedReplicas && current?.Reason == DeploymentConditions.NewRSAvailableReason;
        if (hasDeadline && !complete)
        {
            if (DeploymentStatusCalculator.Complete(d, status))
            {
                var message = newRS is null
                    ? $"Deployment \"{d.Metadata.Name}\" has successfully progressed."
                    : $"ReplicaSet \"{newRS.Metadata.Name}\" has successfully progressed.";
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True",
                    DeploymentConditions.NewRSAvailableReason, message, now));
            }
            else if (DeploymentStatusCalculator.Progressing(d, status))
            {
                var message = newRS is null
                    ? $"Deployment \"{d.Metadata.Name}\" is progressing."
                    : $"ReplicaSet \"{newRS.Metadata.Name}\" is progressing.";
                var condition = DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdatedReason, message, now);
                // Unlike other conditions, progress moves lastUpdateTime even when status and reason stay (that
                // is the clock the deadline runs on), so the old condition is replaced rather than Set over.
                if (current is not null)
                {
                    if (current.Status == "True")
                    {
                        condition.LastTransitionTime = current.LastTransitionTime;
                    }

                    DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
                }

                DeploymentConditions.Set(status, condition);
            }
            else if (DeploymentStatusCalculator.TimedOut(d, status, now))
            {
                var message = newRS is null
                    ? $"Deployment \"{d.Metadata.Name}\" has timed out progressing."
                    : $"ReplicaSet \"{newRS.Metadata.Name}\" has timed out progressing.";
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False",
                    DeploymentConditions.TimedOutReason, message, now));
            }
        }

        if (ReplicaFailure(allRSs, newRS) is { } failure)
        {
            DeploymentConditions.Set(status, failure);
        }
        else
        {
            DeploymentConditions.Remove(status, DeploymentConditions.ReplicaFailure);
        }

        return status;
    }

    /// <summary>
    /// When a deployment whose status did not change must be looked at again for its deadline: null when never
    /// (no deadline, no Progressing condition, complete or timed out already), zero for now, else the time left
    /// plus a second (upstream's margin against AddAfter firing a few milliseconds early).
    /// </summary>
    /// <example>
    /// Progressing last updated at 00:00:00, deadline 600 s, now 00:03:00: look again in 7 min + 1 s.
    /// </example>
    public static TimeSpan? RequeueAfter(V1Deployment d, V1DeploymentStatus newStatus, DateTime now)
    {
        var current = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        if (!DeploymentStatusCalculator.HasProgressDeadline(d) || current?.LastUpdateTime is not { } lastUpdate)
        {
            return null;
        }

        if (DeploymentStatusCalculator.Complete(d, newStatus) || current.Reason == DeploymentConditions.TimedOutReason)
        {
            return null;
        }

        var after = lastUpdate.AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) - now;
        return after < TimeSpan.FromSeconds(1) ? TimeSpan.Zero : after + TimeSpan.FromSeconds(1);
    }

    /// <summary>The new ReplicaSet's ReplicaFailure, else the first old one's, as a deployment condition.</summary>
    private static V1DeploymentCondition? ReplicaFailure(IReadOnlyList<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS)
    {
        var fromNew = newRS?.Status?.Conditions?.FirstOrDefault(c => c.Type == DeploymentConditions.ReplicaFailure);
        var found = fromNew ?? allRSs.OfType<V1ReplicaSet>()
            .SelectMany(rs => rs.Status?.Conditions ?? [])
            .FirstOrDefault(c => c.Type == DeploymentConditions.ReplicaFailure);
        return found is null ? null : DeploymentConditions.FromReplicaSet(found);
    }
}
