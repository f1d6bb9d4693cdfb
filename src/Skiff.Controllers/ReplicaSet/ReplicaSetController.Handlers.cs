using k8s.Models;
using Skiff.Client;
using Skiff.Controllers.Ownership;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.ReplicaSet;

/// <summary>Informer events turned into owner keys, with expectations observed as upstream's handlers do.</summary>
public sealed partial class ReplicaSetController<TOwner>
{
    private void Enqueue(TOwner owner) => queue.Add(ObjectKey.Of(owner));

    private void OwnerDeleted(TOwner owner)
    {
        var key = ObjectKey.Of(owner);
        expectations.DeleteExpectations(key);
        queue.Add(key);
    }

    private void PodAdded(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // Seen for the first time while already terminating (e.g. after a restart): a deletion for expectations.
            PodDeleted(pod);
            return;
        }

        if (ControllerRef.Of(pod) is { } reference)
        {
            if (ResolveOwner(pod.Metadata.NamespaceProperty, reference) is { } owner)
            {
                var key = ObjectKey.Of(owner);
                expectations.CreationObserved(key);
                queue.Add(key);
            }

            return;
        }

        // An orphan: every owner whose selector matches may want to adopt it.
        foreach (var owner in OwnersSelecting(pod))
        {
            queue.Add(ObjectKey.Of(owner));
        }
    }

    private void PodUpdated(V1Pod old, V1Pod current)
    {
        if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
        {
            return; // a periodic resync: nothing changed
        }

        var labelsChanged = !LabelsEqual(old.Metadata.Labels, current.Metadata.Labels);
        if (current.Metadata.DeletionTimestamp is not null)
        {
            // Graceful deletion started: count it now so a replacement is made without waiting for the grace period.
            PodDeleted(current);
            if (labelsChanged)
            {
                PodDeleted(old);
            }

            return;
        }

        var currentRef = ControllerRef.Of(current);
        var oldRef = ControllerRef.Of(old);
        if (oldRef is not null && oldRef.Uid != currentRef?.Uid && ResolveOwner(old.Metadata.NamespaceProperty, oldRef) is { } previousOwner)
        {
            queue.Add(ObjectKey.Of(previousOwner));
        }

        if (currentRef is not null)
        {
            if (ResolveOwner(current.Metadata.NamespaceProperty, currentRef) is { } owner)
            {
                var key = ObjectKey.Of(owner);
                queue.Add(key);
                var minReadySeconds = kind.View(owner).Spec?.MinReadySeconds ?? 0;
                if (!PodState.IsReady(old) && PodState.IsReady(current) && minReadySeconds > 0)
                {
                    // Availability is reached minReadySeconds after readiness, with no event to tell: look again then.
                    queue.AddAfter(key, TimeSpan.FromSeconds(minReadySeconds));
                }
            }

            return;
        }

        if (labelsChanged || oldRef is not null)
        {
            foreach (var owner in OwnersSelecting(current))
            {
                queue.Add(ObjectKey.Of(owner));
            }
        }
    }

    private void PodDeleted(V1Pod pod)
    {
        if (ControllerRef.Of(pod) is not { } reference || ResolveOwner(pod.Metadata.NamespaceProperty, reference) is not { } owner)
        {
            return;
        }

        var key = ObjectKey.Of(owner);
        expectations.DeletionObserved(key, ObjectKey.Of(pod));
        queue.Add(key);
    }

    /// <summary>The owner a controller reference points at, if it is of our kind and still the same object (same uid).</summary>
    private TOwner? ResolveOwner(string? ns, V1OwnerReference reference)
    {
        if (reference.Kind != kind.Kind)
        {
            return null;
        }

        var owner = owners.Cache.Get(ns, reference.Name);
        return owner?.Metadata.Uid == reference.Uid ? owner : null;
    }

    /// <summary>Owners in the pod's namespace whose (non-empty) selector matches its labels.</summary>
    private IEnumerable<TOwner> OwnersSelecting(V1Pod pod)
    {
        if (pod.Metadata.Labels is not { Count: > 0 } labels)
        {
            yield break;
        }

        foreach (var owner in owners.Cache.InNamespace(pod.Metadata.NamespaceProperty))
        {
            var selector = SelectorOf(kind.View(owner));
            if (!selector.IsEverything && selector.Matches(labels))
            {
                yield return owner;
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
