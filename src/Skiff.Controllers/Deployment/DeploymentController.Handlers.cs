using k8s.Models;
using Skiff.Client;
using Skiff.Client.Informers;
using Skiff.Controllers.Ownership;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.Deployment;

/// <summary>Informer events turned into deployment keys, as upstream's handlers.</summary>
public sealed partial class DeploymentController
{
    private void Enqueue(V1Deployment d) => queue.Add(ObjectKey.Of(d));

    private void ReplicaSetAdded(V1ReplicaSet rs)
    {
        if (rs.Metadata.DeletionTimestamp is not null)
        {
            // Seen for the first time while already going (e.g. after a restart).
            ReplicaSetDeleted(rs);
            return;
        }

        if (ControllerRef.Of(rs) is { } reference)
        {
            if (ResolveOwner(rs.Metadata.NamespaceProperty, reference) is { } d)
            {
                Enqueue(d);
            }

            return;
        }

        // An orphan: every deployment that selects it may want to adopt it.
        foreach (var d in DeploymentsSelecting(rs))
        {
            Enqueue(d);
        }
    }

    private void ReplicaSetUpdated(V1ReplicaSet old, V1ReplicaSet current)
    {
        if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
        {
            return; // a periodic resync: nothing changed
        }

        var currentRef = ControllerRef.Of(current);
        var oldRef = ControllerRef.Of(old);
        var refChanged = oldRef?.Uid != currentRef?.Uid;
        if (refChanged && oldRef is not null && ResolveOwner(old.Metadata.NamespaceProperty, oldRef) is { } previous)
        {
            Enqueue(previous);
        }

        if (currentRef is not null)
        {
            if (ResolveOwner(current.Metadata.NamespaceProperty, currentRef) is { } d)
            {
                Enqueue(d);
            }

            return;
        }

        if (refChanged || !LabelsEqual(old.Metadata.Labels, current.Metadata.Labels))
        {
            foreach (var d in DeploymentsSelecting(current))
            {
                Enqueue(d);
            }
        }
    }

    private void ReplicaSetDeleted(V1ReplicaSet rs)
    {
        if (ControllerRef.Of(rs) is { } reference && ResolveOwner(rs.Metadata.NamespaceProperty, reference) is { } d)
        {
            Enqueue(d);
        }
    }

    /// <summary>A Recreate deployment waits for its old pods to be gone: the last one's deletion is its cue.</summary>
    private void PodDeleted(V1Pod pod)
    {
        if (ControllerRef.Of(pod) is not { Kind: "ReplicaSet" } podOwner ||
            replicaSets.Cache.Get(pod.Metadata.NamespaceProperty, podOwner.Name) is not { } rs || rs.Metadata.Uid != podOwner.Uid ||
            ControllerRef.Of(rs) is not { } rsOwner || ResolveOwner(rs.Metadata.NamespaceProperty, rsOwner) is not { } d ||
            d.Spec?.Strategy?.Type != RollingUpdateBounds.Recreate)
        {
            return;
        }

        var remaining = replicaSets.Cache.ByIndex(ObjectCache<V1ReplicaSet>.OwnerUidIndex, d.Metadata.Uid)
            .Sum(owned => pods.Cache.ByIndex(PodIndexes.ByController, owned.Metadata.Uid).Count);
        if (remaining == 0)
        {
            Enqueue(d);
        }
    }

    /// <summary>The deployment a controller reference points at, if it is one and still the same object (same uid).</summary>
    private V1Deployment? ResolveOwner(string? ns, V1OwnerReference reference)
    {
        if (reference.Kind != Kind)
        {
            return null;
        }

        var d = deployments.Cache.Get(ns, reference.Name);
        return d?.Metadata.Uid == reference.Uid ? d : null;
    }

    /// <summary>Deployments in the ReplicaSet's namespace whose (non-empty) selector matches its labels.</summary>
    private IEnumerable<V1Deployment> DeploymentsSelecting(V1ReplicaSet rs)
    {
        if (rs.Metadata.Labels is not { Count: > 0 } labels)
        {
            yield break;
        }

        foreach (var d in deployments.Cache.InNamespace(rs.Metadata.NamespaceProperty))
        {
            var selector = SelectorOf(d);
            if (!selector.IsEverything && selector.Matches(labels))
            {
                yield return d;
            }
        }
    }

    private static bool LabelsEqual(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        return a is null || b is null || a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }
}
