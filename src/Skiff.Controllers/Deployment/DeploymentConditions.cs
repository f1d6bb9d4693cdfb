using k8s.Models;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// A deployment's conditions as upstream's deployment util keeps them: one per type; setting one with the same
/// status and reason changes nothing; a change of reason under the same status keeps lastTransitionTime.
/// </summary>
public static class DeploymentConditions
{
    public const string Progressing = "Progressing";
    public const string Available = "Available";
    public const string ReplicaFailure = "ReplicaFailure";

    // Progressing reasons.
    public const string ReplicaSetUpdatedReason = "ReplicaSetUpdated";
    public const string FailedRSCreateReason = "ReplicaSetCreateError";
    public const string NewReplicaSetReason = "NewReplicaSetCreated";
    public const string FoundNewRSReason = "FoundNewReplicaSet";
    public const string NewRSAvailableReason = "NewReplicaSetAvailable";
    public const string TimedOutReason = "ProgressDeadlineExceeded";
    public const string PausedDeployReason = "DeploymentPaused";
    public const string ResumedDeployReason = "DeploymentResumed";

    // Available reasons.
    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";

    /// <summary>A condition updated and transitioned now (condition times have whole seconds, as metav1.Time).</summary>
    public static V1DeploymentCondition New(string type, string status, string reason, string message, DateTime now)
    {
        var at = TruncateToSeconds(now);
        return new V1DeploymentCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastUpdateTime = at,
            LastTransitionTime = at,
        };
    }

    public static V1DeploymentCondition? Get(V1DeploymentStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>
    /// Upstream's SetDeploymentCondition: nothing happens if a condition of this type already has the same status
    /// and reason (its message and times stay); otherwise it replaces the old one, keeping the old
    /// lastTransitionTime when only the reason changed, and goes to the end of the list.
    /// </summary>
    public static void Set(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }

        Remove(status, condition.Type);
        (status.Conditions ??= []).Add(condition);
    }

    public static void Remove(V1DeploymentStatus status, string type)
    {
        if (status.Conditions is null)
        {
            return;
        }

        status.Conditions = [.. status.Conditions.Where(c => c.Type != type)];
        if (status.Conditions.Count == 0)
        {
            status.Conditions = null;
        }
    }

    /// <summary>Upstream's ReplicaSetToDeploymentCondition: a ReplicaSet's ReplicaFailure promoted to the deployment.</summary>
    public static V1DeploymentCondition FromReplicaSet(V1ReplicaSetCondition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        LastTransitionTime = c.LastTransitionTime,
        LastUpdateTime = c.LastTransitionTime,
    };

    private static DateTime TruncateToSeconds(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
