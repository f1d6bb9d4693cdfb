using k8s.Models;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Objects;
using Skiff.Storage;

namespace Skiff.ApiServer.Registry;

/// <summary>
/// Delete as upstream's generic registry: preconditions, graceful deletion of pods on nodes, finalizers (including
/// the orphan and foregroundDeletion finalizers that propagationPolicy asks for) keep the object until removed.
/// </summary>
public sealed partial class ObjectStore
{
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    private static readonly HashSet<string> ImmortalNamespaces = ["default", "kube-system", "kube-public"];

    /// <summary>Result of a delete: the object, and whether it is gone (false: it waits for finalizers or a grace period).</summary>
    public sealed record DeleteOutcome(StoredObject Object, bool Deleted);

    public async Task<DeleteOutcome> DeleteAsync(ResourceDefinition resource, string? ns, string name, V1DeleteOptions? options,
        bool dryRun, CancellationToken ct)
    {
        if (ReferenceEquals(resource.Storage, NamespaceResource) && ImmortalNamespaces.Contains(name))
        {
            // Upstream's NamespaceLifecycle admission keeps the system namespaces (kube-node-lease is not among them).
            throw ApiErrors.Forbidden(resource, name, "this namespace may not be deleted");
        }

        var key = resource.KeyFor(ns, name);
        while (true)
        {
            var kv = await store.GetAsync(key, ct) ?? throw ApiErrors.NotFound(resource, name);
            var current = Decode(resource, kv);
            var meta = ModelAccessor.Metadata(current.Model);
            CheckPreconditions(resource, name, options?.Preconditions, meta, kv.ModRevision);

            var updated = ObjectCodec.Deserialize(current.Json, resource.ModelType); // a copy to change
            var updatedMeta = ModelAccessor.Metadata(updated);
            var finalizers = new List<string>(updatedMeta.Finalizers ?? []);
            ApplyPropagationPolicy(options, finalizers);
            var grace = GracePeriodSeconds(current.Model, options);
            // A namespace with spec.finalizers is emptied by the namespace controller before it goes (upstream).
            var namespaceFinalizers = updated is V1Namespace { Spec.Finalizers.Count: > 0 };
            if (updated is V1Namespace terminating && namespaceFinalizers)
            {
                terminating.Status ??= new V1NamespaceStatus();
                terminating.Status.Phase = "Terminating";
            }

            var mustWait = finalizers.Count > 0 || grace > 0 || namespaceFinalizers;
            if (!mustWait)
            {
                if (dryRun)
                {
                    return new DeleteOutcome(current, true);
                }

                var deleted = await FinishDeletionAsync(resource, kv, WriteOptions.Default, ct);
                if (deleted is not null)
                {
                    return new DeleteOutcome(deleted, true);
                }

                continue; // Changed under us: look again.
            }

            // Graceful or finalized deletion: mark the object and keep it.
            updatedMeta.Finalizers = finalizers.Count > 0 ? finalizers : null;
            if (updatedMeta.DeletionTimestamp is null)
            {
                updatedMeta.DeletionTimestamp = Now().AddSeconds(grace);
                updatedMeta.DeletionGracePeriodSeconds = grace;
            }
            else if (grace < (updatedMeta.DeletionGracePeriodSeconds ?? long.MaxValue))
            {
                // A shorter grace period than the one in force shortens the deletion (e.g. --grace-period=1 --force).
                updatedMeta.DeletionTimestamp = Now().AddSeconds(grace);
                updatedMeta.DeletionGracePeriodSeconds = grace;
            }

            updatedMeta.ResourceVersion = null;
            var value = ObjectCodec.SerializeToUtf8(ToStorage(resource, updated));
            if (dryRun || value.AsSpan().SequenceEqual(kv.Value))
            {
                return new DeleteOutcome(dryRun ? new StoredObject(updated, ObjectCodec.SerializeToUtf8(updated), kv.ModRevision) : current, false);
            }

            try
            {
                var written = await store.UpdateAsync(key, value, kv.ModRevision, ct);
                return new DeleteOutcome(Decode(resource, written), false);
            }
            catch (RevisionConflictException)
            {
                // Changed meanwhile: read it again and redo the deletion (its preconditions are checked afresh).
            }
            catch (KeyNotFoundInStoreException)
            {
                throw ApiErrors.NotFound(resource, name);
            }
        }
    }

    /// <summary>Removes the object from the store; null when it changed since it was read.</summary>
    private async Task<StoredObject?> FinishDeletionAsync(ResourceDefinition resource, KeyValue kv, WriteOptions options, CancellationToken ct)
    {
        if (options.DryRun)
        {
            return Decode(resource, kv);
        }

        try
        {
            var deleted = await store.DeleteAsync(kv.Key, kv.ModRevision, ct);
            return Decode(resource, deleted.Value, deleted.ModRevision);
        }
        catch (RevisionConflictException)
        {
            return null;
        }
        catch (KeyNotFoundInStoreException)
        {
            return null;
        }
    }

    private static void CheckPreconditions(ResourceDefinition resource, string name, V1Preconditions? preconditions, V1ObjectMeta meta, long revision)
    {
        if (preconditions?.Uid is { } uid && uid != meta.Uid)
        {
            throw ApiErrors.ConflictWithMessage(resource, name,
                $"Precondition failed: UID in precondition: {uid}, UID in object meta: {meta.Uid}");
        }

        var rv = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (preconditions?.ResourceVersion is { } wanted && wanted != rv)
        {
            throw ApiErrors.ConflictWithMessage(resource, name,
                $"Precondition failed: ResourceVersion in precondition: {wanted}, ResourceVersion in object meta: {rv}");
        }
    }

    /// <summary>
    /// Orphan and Foreground become finalizers that the garbage collector acts on; Background (the default for
    /// the kinds served here) deletes at once and leaves dependents to the collector.
    /// </summary>
    private static void ApplyPropagationPolicy(V1DeleteOptions? options, List<string> finalizers)
    {
        var policy = options?.PropagationPolicy;
        if (policy is null && options?.OrphanDependents is { } orphan)
        {
            policy = orphan ? "Orphan" : "Background";
        }

        switch (policy)
        {
            case "Orphan":
                finalizers.Remove(ForegroundFinalizer);
                if (!finalizers.Contains(OrphanFinalizer))
                {
                    finalizers.Add(OrphanFinalizer);
                }

                break;
            case "Foreground":
                finalizers.Remove(OrphanFinalizer);
                if (!finalizers.Contains(ForegroundFinalizer))
                {
                    finalizers.Add(ForegroundFinalizer);
                }

                break;
            case "Background":
                finalizers.Remove(OrphanFinalizer);
                finalizers.Remove(ForegroundFinalizer);
                break;
        }

    }

    /// <summary>
    /// Only pods bound to a node get a grace period (their kubelet must stop them); everything else, and pods that
    /// never ran or already finished, go at once, as upstream's pod strategy.
    /// </summary>
    private static long GracePeriodSeconds(object model, V1DeleteOptions? options)
    {
        if (model is not V1Pod pod)
        {
            return 0;
        }

        if (string.IsNullOrEmpty(pod.Spec?.NodeName) || pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return 0;
        }

        return options?.GracePeriodSeconds ?? pod.Spec?.TerminationGracePeriodSeconds ?? 30;
    }
}
