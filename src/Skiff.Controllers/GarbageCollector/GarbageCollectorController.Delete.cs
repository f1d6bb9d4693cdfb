using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Client;
using Skiff.Controllers.Resources;

namespace Skiff.Controllers.GarbageCollector;

/// <summary>
/// Upstream's attemptToDeleteItem: look the object up, sort its owners into solid, dangling and waiting for
/// dependents' deletion, then keep it (dropping references to owners that are gone), delete it in the foreground
/// (a waiting owner and dependents of its own) or delete it with the propagation its finalizers ask for.
/// </summary>
public sealed partial class GarbageCollectorController
{
    private async Task AttemptToDeleteAsync(ObjectIdentity item, CancellationToken ct)
    {
        if (resources.Find(item.ApiVersion, item.Kind) is not { } access)
        {
            LogUnknownKind(logger, item);
            return;
        }

        V1ObjectMeta latest;
        try
        {
            latest = await access.GetAsync(item.Namespace, item.Name, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            Vanished(item);
            return;
        }

        if (latest.Uid != item.Uid)
        {
            Vanished(item);
            return;
        }

        if (IsDeletingDependents(latest))
        {
            await ProcessDeletingDependentsAsync(access, item, ct);
            return;
        }

        // "Being deleted" is a one-way trip: its deletion event will bring its dependents here.
        if (latest.DeletionTimestamp is not null || latest.OwnerReferences is not { Count: > 0 } references)
        {
            return;
        }

        if (await ClassifyAsync(item, references, ct) is not { } owners)
        {
            return;
        }

        if (owners.Solid.Count > 0)
        {
            if (owners.Dangling.Count == 0 && owners.Waiting.Count == 0)
            {
                return;
            }

            // Owners waiting for their dependents must be dropped too, or they would wait for this object forever.
            LogDroppingReferences(logger, item, owners.Dangling.Count + owners.Waiting.Count);
            var gone = owners.Dangling.Concat(owners.Waiting).Select(r => r.Uid);
            await PatchAsync(access, item, OwnerReferencePatches.Remove(item.Uid, gone), ct);
            return;
        }

        if (owners.Waiting.Count > 0 && DependentsOf(item.Uid) is { Count: > 0 } dependents)
        {
            if (dependents.Any(d => IsDeletingDependents(d.Meta)))
            {
                // An owner and a dependent both deleting in the foreground may wait for each other: stop blocking
                // our owners before joining them (upstream's cycle breaker, with its false positives).
                await PatchAsync(access, item, OwnerReferencePatches.Unblock(item.Uid, references), ct);
            }

            // Its owner waits for it, and it has dependents of its own: they go first.
            await DeleteAsync(access, item, latest, "Foreground", ct);
            return;
        }

        var policy = HasFinalizer(latest, OrphanFinalizer) ? "Orphan" : HasFinalizer(latest, ForegroundFinalizer) ? "Foreground" : "Background";
        await DeleteAsync(access, item, latest, policy, ct);
    }

    /// <summary>
    /// A foreground owner goes once no dependent blocks it (its foregroundDeletion finalizer is removed); until
    /// then its blocking dependents are queued for deletion.
    /// </summary>
    private async Task ProcessDeletingDependentsAsync(IResourceAccess access, ObjectIdentity owner, CancellationToken ct)
    {
        var blocking = DependentsOf(owner.Uid)
            .Where(d => d.Meta.OwnerReferences?.Any(r => r.Uid == owner.Uid && r.BlockOwnerDeletion == true) == true)
            .ToList();
        if (blocking.Count == 0)
        {
            await RemoveFinalizerAsync(access, owner, ForegroundFinalizer, ct);
            return;
        }

        foreach (var dependent in blocking)
        {
            if (!IsDeletingDependents(dependent.Meta))
            {
                attemptToDelete.Add(dependent.Identity);
            }
        }
    }

    /// <summary>
    /// Sorts owner references by what the API says of each owner: solid (exists, not waiting), dangling (absent or
    /// another object under that name) or waiting for its dependents' deletion. Null when the references cannot be
    /// valid (a cluster-scoped object naming a namespaced owner); retrying would not help.
    /// </summary>
    private async Task<ClassifiedOwners?> ClassifyAsync(ObjectIdentity item, IList<V1OwnerReference> references, CancellationToken ct)
    {
        var owners = new ClassifiedOwners([], [], []);
        foreach (var reference in references)
        {
            var ownerAccess = resources.Find(reference.ApiVersion, reference.Kind);
            var namespaced = ownerAccess?.Resource.IsNamespaced ?? true;
            var owner = ObjectIdentity.OwnerOf(reference, namespaced ? item.Namespace : null);
            if (absentOwners.Contains(owner with { Namespace = null }) || absentOwners.Contains(owner with { Namespace = item.Namespace }))
            {
                owners.Dangling.Add(reference);
                continue;
            }

            if (ownerAccess is null)
            {
                // Not a served kind: its existence cannot be checked, so it never makes this object garbage.
                LogUnknownOwnerKind(logger, item, owner);
                owners.Solid.Add(reference);
                continue;
            }

            if (item.Namespace is null && namespaced)
            {
                LogNamespacedOwnerOfClusterScopedObject(logger, item, owner);
                return null;
            }

            V1ObjectMeta ownerMeta;
            try
            {
                ownerMeta = await ownerAccess.GetAsync(owner.Namespace, owner.Name, ct);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                absentOwners.Add(owner);
                owners.Dangling.Add(reference);
                continue;
            }

            if (ownerMeta.Uid != reference.Uid)
            {
                absentOwners.Add(owner);
                owners.Dangling.Add(reference);
            }
            else if (IsDeletingDependents(ownerMeta))
            {
                owners.Waiting.Add(reference);
            }
            else
            {
                owners.Solid.Add(reference);
            }
        }

        return owners;
    }

    /// <summary>
    /// Deletes with uid and resourceVersion preconditions. If the object changed meanwhile but its owner references
    /// did not, the decision still holds and it is deleted on its uid alone (upstream); otherwise the conflict sends
    /// it round again.
    /// </summary>
    private async Task DeleteAsync(IResourceAccess access, ObjectIdentity item, V1ObjectMeta latest, string policy, CancellationToken ct)
    {
        LogDeleting(logger, item, policy);
        var options = new V1DeleteOptions
        {
            PropagationPolicy = policy,
            Preconditions = new V1Preconditions { Uid = item.Uid, ResourceVersion = latest.ResourceVersion },
        };
        try
        {
            await access.DeleteAsync(item.Namespace, item.Name, options, ct);
            return;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            Vanished(item);
            return;
        }
        catch (KubeApiException e) when (e.IsConflict && !string.IsNullOrEmpty(latest.ResourceVersion))
        {
            V1ObjectMeta live;
            try
            {
                live = await access.GetAsync(item.Namespace, item.Name, ct);
            }
            catch (KubeApiException missing) when (missing.IsNotFound)
            {
                Vanished(item);
                return;
            }

            if (live.Uid != item.Uid)
            {
                Vanished(item);
                return;
            }

            if (!SameReferences(live.OwnerReferences, latest.OwnerReferences))
            {
                throw;
            }
        }

        options.Preconditions.ResourceVersion = null;
        try
        {
            await access.DeleteAsync(item.Namespace, item.Name, options, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            Vanished(item);
        }
    }

    private async Task PatchAsync(IResourceAccess access, ObjectIdentity item, string patch, CancellationToken ct)
    {
        try
        {
            await access.PatchAsync(item.Namespace, item.Name, PatchKind.StrategicMerge, patch, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            Vanished(item);
        }
    }

    /// <summary>
    /// The object is gone (or another object has its name), as a deletion event would have said: its dependents
    /// are looked at, and it is remembered as absent for them.
    /// </summary>
    private void Vanished(ObjectIdentity item)
    {
        var dependents = DependentsOf(item.Uid);
        if (dependents.Count == 0)
        {
            return;
        }

        absentOwners.Add(item);
        foreach (var dependent in dependents)
        {
            attemptToDelete.Add(dependent.Identity);
        }
    }

    private static bool SameReferences(IList<V1OwnerReference>? a, IList<V1OwnerReference>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        for (var i = 0; i < (a?.Count ?? 0); i++)
        {
            if (!SameReference(a![i], b![i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameReference(V1OwnerReference a, V1OwnerReference b) =>
        a.ApiVersion == b.ApiVersion && a.Kind == b.Kind && a.Name == b.Name && a.Uid == b.Uid &&
        a.Controller == b.Controller && a.BlockOwnerDeletion == b.BlockOwnerDeletion;

    /// <summary>An object's owner references sorted by what became of each owner.</summary>
    private sealed record ClassifiedOwners(List<V1OwnerReference> Solid, List<V1OwnerReference> Dangling, List<V1OwnerReference> Waiting);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleting item {Item} with propagationPolicy {Policy}")]
    private static partial void LogDeleting(ILogger logger, ObjectIdentity item, string policy);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removing {Count} references to absent or waiting owners from item {Item}")]
    private static partial void LogDroppingReferences(ILogger logger, ObjectIdentity item, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Item {Item} is not of a served kind; skipping it")]
    private static partial void LogUnknownKind(ILogger logger, ObjectIdentity item);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Item {Item} has owner {Owner} of a kind that is not served; it counts as existing")]
    private static partial void LogUnknownOwnerKind(ILogger logger, ObjectIdentity item, ObjectIdentity owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Item {Item} is cluster-scoped, but refers to a namespaced owner {Owner}")]
    private static partial void LogNamespacedOwnerOfClusterScopedObject(ILogger logger, ObjectIdentity item, ObjectIdentity owner);
}
