using k8s.Models;
using Skiff.Controllers.Resources;

namespace Skiff.Controllers.GarbageCollector;

/// <summary>
/// Informer events turned into work, as upstream's GraphBuilder does: new or unverified owner references, owner
/// references that stop blocking, deletions starting with the orphan or foregroundDeletion finalizer, and objects
/// going away (their dependents may now be garbage; a foreground owner may now be free to go).
/// </summary>
public sealed partial class GarbageCollectorController
{
    private void Subscribe(IResourceAccess access) =>
        access.Subscribe(
            added: meta => Observe(access, null, meta),
            updated: (old, current) => Observe(access, old, current),
            deleted: meta => ObserveDeletion(access, meta));

    /// <summary>An object seen for the first time (old null) or changed.</summary>
    private void Observe(IResourceAccess access, V1ObjectMeta? old, V1ObjectMeta current)
    {
        if (!graphReady)
        {
            return;
        }

        var identity = ObjectIdentity.Of(access, current);
        var (added, removed, changed) = ReferenceChanges(old?.OwnerReferences, current.OwnerReferences);
        VerifyOwners(identity, added);
        EnqueueUnblockedOwners(identity, removed, changed);
        ProcessTransitions(identity, old, current);
    }

    private void ObserveDeletion(IResourceAccess access, V1ObjectMeta meta)
    {
        if (!graphReady)
        {
            return;
        }

        var identity = ObjectIdentity.Of(access, meta);
        var dependents = DependentsOf(identity.Uid);
        if (dependents.Count > 0)
        {
            absentOwners.Add(identity);
        }

        foreach (var dependent in dependents)
        {
            attemptToDelete.Add(dependent.Identity);
        }

        // An owner deleting its dependents in the foreground may have been waiting for this one.
        foreach (var reference in meta.OwnerReferences ?? [])
        {
            EnqueueOwnerIfDeletingDependents(reference, identity.Namespace);
        }
    }

    /// <summary>
    /// An owner the cache does not have (under that uid) may never have existed or be gone: only the API can tell,
    /// so the dependent is looked at (upstream makes a "virtual" owner node for the same purpose). A new dependent
    /// of an owner deleting in the foreground makes the owner look again at what it waits for.
    /// </summary>
    private void VerifyOwners(ObjectIdentity dependent, IReadOnlyList<V1OwnerReference> references)
    {
        foreach (var reference in references)
        {
            var (ownerIdentity, owner) = CachedOwner(reference, dependent.Namespace);
            if (owner is null || owner.Uid != reference.Uid)
            {
                attemptToDelete.Add(dependent);
            }
            else if (IsDeletingDependents(owner))
            {
                attemptToDelete.Add(ownerIdentity);
            }
        }
    }

    /// <summary>A blocking reference removed or turned non-blocking may be the last thing a foreground owner waits for.</summary>
    private void EnqueueUnblockedOwners(ObjectIdentity dependent, List<V1OwnerReference> removed, List<(V1OwnerReference Old, V1OwnerReference New)> changed)
    {
        foreach (var reference in removed)
        {
            if (reference.BlockOwnerDeletion == true)
            {
                EnqueueOwnerIfDeletingDependents(reference, dependent.Namespace);
            }
        }

        foreach (var (was, now) in changed)
        {
            if (was.BlockOwnerDeletion == true && now.BlockOwnerDeletion != true)
            {
                EnqueueOwnerIfDeletingDependents(now, dependent.Namespace);
            }
        }
    }

    private void EnqueueOwnerIfDeletingDependents(V1OwnerReference reference, string? dependentNamespace)
    {
        var (ownerIdentity, owner) = CachedOwner(reference, dependentNamespace);
        if (owner is not null && owner.Uid == reference.Uid && IsDeletingDependents(owner))
        {
            attemptToDelete.Add(ownerIdentity);
        }
    }

    /// <summary>Deletion that starts with the orphan finalizer orphans the dependents; with foregroundDeletion it deletes them first.</summary>
    private void ProcessTransitions(ObjectIdentity identity, V1ObjectMeta? old, V1ObjectMeta current)
    {
        if (DeletionStartsWith(old, current, OrphanFinalizer))
        {
            attemptToOrphan.Add(identity);
            return;
        }

        if (DeletionStartsWith(old, current, ForegroundFinalizer))
        {
            foreach (var dependent in DependentsOf(identity.Uid))
            {
                attemptToDelete.Add(dependent.Identity);
            }

            attemptToDelete.Add(identity);
        }
    }

    /// <summary>True when the object is now being deleted with the finalizer and was not before (or is seen for the first time).</summary>
    private static bool DeletionStartsWith(V1ObjectMeta? old, V1ObjectMeta current, string finalizer)
    {
        if (current.DeletionTimestamp is null || !HasFinalizer(current, finalizer))
        {
            return false;
        }

        return old is null || old.DeletionTimestamp is null || !HasFinalizer(old, finalizer);
    }

    /// <summary>References added, removed and changed (same uid, other fields differ) between two versions, by owner uid.</summary>
    private static (List<V1OwnerReference> Added, List<V1OwnerReference> Removed, List<(V1OwnerReference Old, V1OwnerReference New)> Changed) ReferenceChanges(
        IList<V1OwnerReference>? old, IList<V1OwnerReference>? current)
    {
        var added = new List<V1OwnerReference>();
        var changed = new List<(V1OwnerReference, V1OwnerReference)>();
        var previous = new Dictionary<string, V1OwnerReference>(StringComparer.Ordinal);
        foreach (var reference in old ?? [])
        {
            previous.TryAdd(reference.Uid ?? "", reference);
        }

        foreach (var reference in current ?? [])
        {
            if (previous.Remove(reference.Uid ?? "", out var before))
            {
                if (!SameReference(before, reference))
                {
                    changed.Add((before, reference));
                }
            }
            else
            {
                added.Add(reference);
            }
        }

        return (added, [.. previous.Values], changed);
    }
}
