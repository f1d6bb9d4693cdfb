using System.Text.Json.Nodes;
using k8s.Models;
using Skiff.Api.Admission;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Objects;
using Skiff.Storage;

namespace Skiff.ApiServer.Registry;

/// <summary>Update and patch: read, transform, apply the strategy, compare-and-swap on the modification revision.</summary>
public sealed partial class ObjectStore
{
    /// <summary>PUT: the body replaces the object; a stale metadata.resourceVersion is a 409 Conflict.</summary>
    public Task<StoredObject> UpdateAsync(ResourceDefinition resource, string? ns, string name, string? subresource,
        object updated, WriteOptions options, CancellationToken ct)
    {
        var meta = ModelAccessor.Metadata(updated);
        if (!string.IsNullOrEmpty(meta.Name) && meta.Name != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({meta.Name}) does not match the name on the URL ({name})");
        }

        if (resource.IsNamespaced && !string.IsNullOrEmpty(meta.NamespaceProperty) && meta.NamespaceProperty != ns)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        // A retry hands back the same object, whose managedFields the first attempt replaced: restore what was sent.
        var requestedManagedFields = meta.ManagedFields;
        return GuaranteedUpdateAsync(resource, ns, name, subresource, _ =>
        {
            meta.ManagedFields = requestedManagedFields;
            return updated;
        }, options, ct);
    }

    /// <summary>PATCH: the patch is applied to the current JSON; retried on conflicts unless it pins a resourceVersion.</summary>
    public Task<StoredObject> PatchAsync(ResourceDefinition resource, string? ns, string name, string? subresource,
        Func<JsonNode, JsonNode> applyPatch, WriteOptions options, CancellationToken ct) =>
        GuaranteedUpdateAsync(resource, ns, name, subresource, current =>
        {
            var patched = DecodePatched(resource, applyPatch(JsonNode.Parse(current.Json)!));
            var meta = ModelAccessor.Metadata(patched);
            if (meta.ResourceVersion == Rv(current.Revision))
            {
                // The patch did not pin a resourceVersion (it kept the one it was applied to): a concurrent write
                // is retried by applying the patch again, as upstream; a pinned one still answers 409.
                meta.ResourceVersion = null;
            }

            return patched;
        }, options, ct);

    private static object DecodePatched(ResourceDefinition resource, JsonNode patched)
    {
        try
        {
            return ObjectCodec.Deserialize(patched, resource.ModelType);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }
    }

    /// <summary>
    /// Read-modify-write with optimistic concurrency, as upstream's GuaranteedUpdate: a conflict with a concurrent
    /// writer is retried from a fresh read, where a pinned resourceVersion that is now stale answers 409.
    /// </summary>
    private async Task<StoredObject> GuaranteedUpdateAsync(ResourceDefinition resource, string? ns, string name, string? subresource,
        Func<StoredObject, object> transform, WriteOptions options, CancellationToken ct)
    {
        var key = resource.KeyFor(ns, name);
        string? pinnedVersion = null;
        while (true)
        {
            var kv = await store.GetAsync(key, ct) ?? throw ApiErrors.NotFound(resource, name);
            var current = Decode(resource, kv);
            var updated = transform(current);
            // A PUT hands back the same object on every attempt, its resourceVersion cleared by the first one: the
            // version it asked for must still hold on a retry.
            var requestedVersion = ModelAccessor.Metadata(updated).ResourceVersion;
            if (string.IsNullOrEmpty(requestedVersion))
            {
                requestedVersion = pinnedVersion;
            }

            pinnedVersion = requestedVersion;
            if (!string.IsNullOrEmpty(requestedVersion) && requestedVersion != kv.ModRevision.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw ApiErrors.Conflict(resource, name);
            }

            var next = PrepareUpdate(resource, subresource, updated, current, options);
            var stored = ToStorage(resource, next);
            var value = ObjectCodec.SerializeToUtf8(stored);
            if (options.ManagedFieldsComputed && !value.AsSpan().SequenceEqual(kv.Value)
                && KeepManagedFieldsTimes(ModelAccessor.Metadata(stored), ModelAccessor.Metadata(current.Model).ManagedFields))
            {
                value = ObjectCodec.SerializeToUtf8(stored);
            }

            if (value.AsSpan().SequenceEqual(kv.Value))
            {
                return current; // Nothing changed: upstream writes nothing and keeps the resourceVersion.
            }

            var nextMeta = ModelAccessor.Metadata(next);
            // A terminating namespace also waits for its spec.finalizers (the namespace controller's "kubernetes"), as
            // upstream's namespace store does: until the finalize call empties them, status updates must not delete it.
            if (nextMeta.DeletionTimestamp is not null && (nextMeta.Finalizers is null || nextMeta.Finalizers.Count == 0) &&
                next is not V1Namespace { Spec.Finalizers.Count: > 0 })
            {
                // The last finalizer of an object being deleted is gone: the update completes the deletion.
                if (await FinishDeletionAsync(resource, kv, options, ct) is { } deleted)
                {
                    return deleted;
                }

                // Written by someone else in between (a controller's status update, say): dropping the update here
                // would lose the finalizer's removal, so apply it again to what is there now.
                continue;
            }

            if (options.DryRun)
            {
                return new StoredObject(next, ObjectCodec.SerializeToUtf8(next), kv.ModRevision);
            }

            try
            {
                var written = await store.UpdateAsync(key, value, kv.ModRevision, ct);
                return Decode(resource, written);
            }
            catch (RevisionConflictException)
            {
                // Someone else wrote in between: re-read and apply the change again, for as long as it takes (as
                // upstream's GuaranteedUpdate). A body that pins a resourceVersion (PUT, or a patch that sets it)
                // then fails the check above with 409; a patch is applied afresh to the new state.
            }
            catch (KeyNotFoundInStoreException)
            {
                throw ApiErrors.NotFound(resource, name);
            }
        }
    }

    /// <summary>Upstream's BeforeUpdate: identity fields are kept, spec and status travel through their own endpoints.</summary>
    private object PrepareUpdate(ResourceDefinition resource, string? subresource, object updated, StoredObject currentObject, WriteOptions options)
    {
        var current = currentObject.Model;
        var currentMeta = ModelAccessor.Metadata(current);
        var requestedManagedFields = ModelAccessor.Metadata(updated).ManagedFields;
        object next;
        if (subresource == "status")
        {
            // The status endpoint changes status only: everything else stays as stored.
            next = ObjectCodec.Deserialize(ObjectCodec.SerializeToUtf8(current), resource.ModelType);
            ModelAccessor.SetStatus(next, ModelAccessor.Status(updated));
            if (next is V1Deployment)
            {
                // Upstream's deploymentStatusStrategy resets only spec and labels: the deployment controller writes
                // the deployment.kubernetes.io/revision annotation together with the status.
                ModelAccessor.Metadata(next).Annotations = ModelAccessor.Metadata(updated).Annotations;
            }
        }
        else
        {
            next = updated;
            if (resource.HasSubresource("status") && subresource != BindingSubresource)
            {
                // The binding is the one write that sets spec (nodeName) and status (PodScheduled) together.
                ModelAccessor.SetStatus(next, ModelAccessor.Status(current));
            }
        }

        var meta = ModelAccessor.Metadata(next);
        meta.Name = currentMeta.Name;
        meta.NamespaceProperty = currentMeta.NamespaceProperty;
        meta.Uid = currentMeta.Uid;
        meta.CreationTimestamp = currentMeta.CreationTimestamp;
        meta.DeletionTimestamp = currentMeta.DeletionTimestamp;
        meta.DeletionGracePeriodSeconds = currentMeta.DeletionGracePeriodSeconds;
        meta.GenerateName ??= currentMeta.GenerateName;
        meta.ResourceVersion = null;
        meta.Generation = currentMeta.Generation;
        // A patch that deletes the last owner reference or finalizer leaves an empty list, which Go's omitempty
        // drops: upstream never serves "ownerReferences": [] (the garbage collector's orphaning does this).
        if (meta.OwnerReferences is { Count: 0 })
        {
            meta.OwnerReferences = null;
        }

        if (meta.Finalizers is { Count: 0 })
        {
            meta.Finalizers = null;
        }

        ModelAccessor.SetTypeMeta(next, resource.ApiVersion, resource.Kind);
        ObjectDefaulter.Apply(next);
        if (options.ManagedFieldsComputed)
        {
            meta.ManagedFields = requestedManagedFields; // an apply's, also on the status endpoint that rebuilt the object
        }
        else
        {
            TrackUpdate(resource, subresource, next, currentObject, requestedManagedFields, options.FieldManager);
        }

        if (subresource is null)
        {
            Admit(next);
        }

        // Status writes never move the generation (a deployment's status write may carry new annotations).
        if (subresource != "status" && resource.HasGeneration && SpecChanged(next, current))
        {
            meta.Generation = (currentMeta.Generation ?? 0) + 1;
        }

        if (next is V1Service service && current is V1Service stored && string.IsNullOrEmpty(service.Spec?.ClusterIP) && service.Spec is not null)
        {
            // An update that leaves the allocated address out keeps it (upstream's service strategy).
            service.Spec.ClusterIP = stored.Spec?.ClusterIP;
            service.Spec.ClusterIPs = stored.Spec?.ClusterIPs;
        }

        var errors = options.SkipUpdateValidation ? [] : ObjectValidator.ValidateUpdate(next, current);
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(resource, meta.Name ?? "", errors);
        }

        return next;
    }

    /// <summary>
    /// Spec changes bump metadata.generation. Deployments also count annotation changes, because their annotations
    /// are copied to ReplicaSets (upstream's deployment strategy).
    /// </summary>
    private static bool SpecChanged(object next, object current)
    {
        var changed = !JsonEquals(ModelAccessor.Spec(next), ModelAccessor.Spec(current));
        if (!changed && next is V1Deployment deployment && current is V1Deployment old)
        {
            changed = !JsonEquals(deployment.Metadata.Annotations, old.Metadata.Annotations);
        }

        return changed;
    }

    private static bool JsonEquals(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return ObjectCodec.SerializeToUtf8(a).AsSpan().SequenceEqual(ObjectCodec.SerializeToUtf8(b));
    }
}
