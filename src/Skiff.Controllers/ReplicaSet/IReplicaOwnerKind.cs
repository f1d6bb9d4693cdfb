using k8s;
using k8s.Models;
using Skiff.Client;

namespace Skiff.Controllers.ReplicaSet;

/// <summary>
/// What the replica controller needs to know of the kind it runs for. Upstream runs ReplicationControllers through
/// the ReplicaSet controller by converting them; so does Skiff: every owner is read as a ReplicaSet view, and
/// only the status write goes back in the owner's own kind.
/// </summary>
public interface IReplicaOwnerKind<TOwner>
    where TOwner : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>apiVersion of the owner, as ownerReferences carry it.</summary>
    string ApiVersion { get; }

    string Kind { get; }

    /// <summary>The component name on events, as upstream's controller manager reports it.</summary>
    string ComponentName { get; }

    /// <summary>A ReplicaSet view of the owner; shares the owner's nested objects, so never change it.</summary>
    V1ReplicaSet View(TOwner owner);

    /// <summary>Writes a new status through the owner's status subresource, returning the view of the result.</summary>
    Task<V1ReplicaSet> UpdateStatusAsync(IKubeClient client, TOwner owner, V1ReplicaSetStatus status, CancellationToken ct);
}
