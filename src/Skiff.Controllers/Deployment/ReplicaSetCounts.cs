using k8s.Models;

namespace Skiff.Controllers.Deployment;

/// <summary>Upstream's sums over a deployment's ReplicaSets (spec and status counts) and its "active" filter.</summary>
public static class ReplicaSetCounts
{
    /// <summary>spec.replicas (the API defaults it to 1).</summary>
    public static int Spec(V1ReplicaSet? rs) => rs is null ? 0 : rs.Spec?.Replicas ?? 1;

    /// <summary>Sum of spec.replicas: the pods the ReplicaSets are asked for.</summary>
    public static int SpecTotal(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(Spec);

    /// <summary>Sum of status.replicas: the pods that exist.</summary>
    public static int ActualTotal(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.Replicas ?? 0);

    public static int ReadyTotal(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.ReadyReplicas ?? 0);

    public static int AvailableTotal(IEnumerable<V1ReplicaSet?> sets) => sets.Sum(rs => rs?.Status?.AvailableReplicas ?? 0);

    /// <summary>Upstream's FilterActiveReplicaSets: those asked for at least one pod (nulls dropped).</summary>
    public static List<V1ReplicaSet> Active(IEnumerable<V1ReplicaSet?> sets) => [.. sets.OfType<V1ReplicaSet>().Where(rs => Spec(rs) > 0)];
}
