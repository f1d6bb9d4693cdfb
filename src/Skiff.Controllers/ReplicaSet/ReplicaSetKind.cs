using k8s;
using k8s.Models;
using Skiff.Client;

namespace Skiff.Controllers.ReplicaSet;

/// <summary>apps/v1 ReplicaSets, served by the replica controller as they are.</summary>
public sealed class ReplicaSetKind : IReplicaOwnerKind<V1ReplicaSet>
{
    public string ApiVersion => "apps/v1";

    public string Kind => "ReplicaSet";

    public string ComponentName => "replicaset-controller";

    public V1ReplicaSet View(V1ReplicaSet owner) => owner;

    public async Task<V1ReplicaSet> UpdateStatusAsync(IKubeClient client, V1ReplicaSet owner, V1ReplicaSetStatus status, CancellationToken ct)
    {
        var copy = KubernetesJson.Deserialize<V1ReplicaSet>(KubernetesJson.Serialize(owner));
        copy.Status = status;
        return await client.UpdateStatusAsync(copy, ct);
    }
}
