using k8s.Models;
using Skiff.Api.Selectors;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.ReplicaSet;

/// <summary>
/// A ReplicaSet's status from its active pods, as upstream's calculateStatus: replicas, fullyLabeledReplicas
/// (pods carrying every template label), readyReplicas, availableReplicas (ready for minReadySeconds), and the
/// ReplicaFailure condition while creating or deleting pods fails.
/// </summary>
public static class ReplicaSetStatusCalculator
{
    public const string ReplicaFailure = "ReplicaFailure";

    public static V1ReplicaSetStatus Calculate(V1ReplicaSet rs, IReadOnlyList<V1Pod> active, Exception? manageError, DateTime now)
    {
        var templateLabels = LabelSelector.FromMap(rs.Spec?.Template?.Metadata?.Labels);
        var minReadySeconds = rs.Spec?.MinReadySeconds ?? 0;
        var conditions = rs.Status?.Conditions?.ToList() ?? [];
        var failure = conditions.FirstOrDefault(c => c.Type == ReplicaFailure);
        if (manageError is not null && failure is null)
        {
            var reason = active.Count - (rs.Spec?.Replicas ?? 1) < 0 ? "FailedCreate" : "FailedDelete";
            conditions.Add(new V1ReplicaSetCondition
            {
                Type = ReplicaFailure,
                Status = "True",
                Reason = reason,
                Message = manageError.Message,
                LastTransitionTime = TruncateToSeconds(now),
            });
        }
        else if (manageError is null && failure is not null)
        {
            conditions.Remove(failure);
        }

        return new V1ReplicaSetStatus
        {
            Replicas = active.Count,
            FullyLabeledReplicas = active.Count(p => templateLabels.Matches(p.Metadata?.Labels)),
            ReadyReplicas = active.Count(PodState.IsReady),
            AvailableReplicas = active.Count(p => PodState.IsAvailable(p, minReadySeconds, now)),
            ObservedGeneration = rs.Status?.ObservedGeneration,
            Conditions = conditions.Count == 0 ? null : conditions,
        };
    }

    /// <summary>Whether a status write would change nothing (upstream skips it then).</summary>
    public static bool Same(V1ReplicaSetStatus? a, V1ReplicaSetStatus b) =>
        a is not null &&
        a.Replicas == b.Replicas &&
        (a.FullyLabeledReplicas ?? 0) == (b.FullyLabeledReplicas ?? 0) &&
        (a.ReadyReplicas ?? 0) == (b.ReadyReplicas ?? 0) &&
        (a.AvailableReplicas ?? 0) == (b.AvailableReplicas ?? 0) &&
        a.ObservedGeneration == b.ObservedGeneration &&
        SameConditions(a.Conditions, b.Conditions);

    private static bool SameConditions(IList<V1ReplicaSetCondition>? a, IList<V1ReplicaSetCondition>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        return a is null || b is null || a.Zip(b).All(p =>
            p.First.Type == p.Second.Type && p.First.Status == p.Second.Status && p.First.Reason == p.Second.Reason && p.First.Message == p.Second.Message);
    }

    private static DateTime TruncateToSeconds(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
