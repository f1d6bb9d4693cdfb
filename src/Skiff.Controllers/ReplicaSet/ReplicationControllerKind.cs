using k8s;
using k8s.Models;
using Skiff.Client;

namespace Skiff.Controllers.ReplicaSet;

/// <summary>
/// v1 ReplicationControllers seen as ReplicaSets: the equality selector becomes matchLabels, the status converts
/// field by field both ways (upstream's replication controller is the ReplicaSet controller behind the same
/// conversion).
/// </summary>
public sealed class ReplicationControllerKind : IReplicaOwnerKind<V1ReplicationController>
{
    public string ApiVersion => "v1";

    public string Kind => "ReplicationController";

    public string ComponentName => "replication-controller";

    public V1ReplicaSet View(V1ReplicationController owner) => new()
    {
        ApiVersion = ApiVersion,
        Kind = Kind,
        Metadata = owner.Metadata,
        Spec = new V1ReplicaSetSpec
        {
            Replicas = owner.Spec?.Replicas,
            MinReadySeconds = owner.Spec?.MinReadySeconds,
            Selector = new V1LabelSelector { MatchLabels = owner.Spec?.Selector },
            Template = owner.Spec?.Template,
        },
        Status = owner.Status is { } s
            ? new V1ReplicaSetStatus
            {
                Replicas = s.Replicas,
                FullyLabeledReplicas = s.FullyLabeledReplicas,
                ReadyReplicas = s.ReadyReplicas,
                AvailableReplicas = s.AvailableReplicas,
                ObservedGeneration = s.ObservedGeneration,
                Conditions = s.Conditions?.Select(c => new V1ReplicaSetCondition { Status = c.Status, Type = c.Type, LastTransitionTime = c.LastTransitionTime, Message = c.Message, Reason = c.Reason }).ToList(),
            }
            : null,
    };

    public async Task<V1ReplicaSet> UpdateStatusAsync(IKubeClient client, V1ReplicationController owner, V1ReplicaSetStatus status, CancellationToken ct)
    {
        var copy = KubernetesJson.Deserialize<V1ReplicationController>(KubernetesJson.Serialize(owner));
        copy.Status = new V1ReplicationControllerStatus
        {
            Replicas = status.Replicas,
            FullyLabeledReplicas = status.FullyLabeledReplicas,
            ReadyReplicas = status.ReadyReplicas,
            AvailableReplicas = status.AvailableReplicas,
            ObservedGeneration = status.ObservedGeneration,
            Conditions = status.Conditions?.Select(c => new V1ReplicationControllerCondition { Status = c.Status, Type = c.Type, LastTransitionTime = c.LastTransitionTime, Message = c.Message, Reason = c.Reason }).ToList(),
        };
        return View(await client.UpdateStatusAsync(copy, ct));
    }
}
