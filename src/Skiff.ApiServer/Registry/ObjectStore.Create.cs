using k8s.Models;
using Skiff.Api.Admission;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Objects;
using Skiff.Storage;

namespace Skiff.ApiServer.Registry;

/// <summary>Create: upstream's BeforeCreate (metadata, strategy, defaults, validation) then an exclusive store create.</summary>
public sealed partial class ObjectStore
{
    /// <summary>Upstream's maxNameGenerationCreateAttempts: creates with generateName try this many random names.</summary>
    private const int MaxNameGenerationAttempts = 8;

    /// <summary>Completes a generateName prefix into a name; replaceable so tests can make names collide.</summary>
    public Func<string, string> GenerateName { get; init; } = NameGenerator.Generate;

    public async Task<StoredObject> CreateAsync(ResourceDefinition resource, string? ns, object obj, WriteOptions options, CancellationToken ct)
    {
        var meta = ModelAccessor.Metadata(obj);
        ns = ReconcileNamespace(resource, ns, meta);
        var generatedName = string.IsNullOrEmpty(meta.Name) && !string.IsNullOrEmpty(meta.GenerateName);
        if (generatedName)
        {
            meta.Name = GenerateName(meta.GenerateName!);
        }

        await RequireActiveNamespaceAsync(resource, ns, meta.Name ?? "", creating: true, ct);

        meta.Uid = Guid.NewGuid().ToString();
        meta.CreationTimestamp = Now();
        meta.ResourceVersion = null;
        meta.DeletionTimestamp = null;
        meta.DeletionGracePeriodSeconds = null;
        meta.Generation = null;
        ModelAccessor.SetTypeMeta(obj, resource.ApiVersion, resource.Kind);
        KindStrategy.PrepareForCreate(resource, obj);
        ObjectDefaulter.ApplyForCreate(obj);
        var fieldsFromBytes = !options.ManagedFieldsComputed && TracksCreateFromBytes(resource, obj, options.FieldManager);
        if (fieldsFromBytes)
        {
            meta.ManagedFields = null;
        }
        else if (!options.ManagedFieldsComputed)
        {
            // Before admission, as upstream's create handler: fields admission plugins add belong to no manager.
            TrackCreate(resource, obj, options.FieldManager);
        }

        var podHadTolerations = obj is V1Pod { Spec.Tolerations.Count: > 0 };
        Admit(obj);
        var errors = ObjectValidator.ValidateCreate(obj);
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(resource, meta.Name ?? "", errors);
        }

        var stored = ToStorage(resource, obj);
        if (stored is V1Service service)
        {
            await AllocateServiceAddressesAsync(service, options.DryRun, ct);
        }

        for (var attempt = 1; ; attempt++)
        {
            var key = resource.KeyFor(ns, meta.Name!);
            var value = ObjectCodec.SerializeToUtf8(stored);
            if (fieldsFromBytes)
            {
                value = TrackCreateFromBytes(resource, obj, value, options.FieldManager!, obj is V1Pod && !podHadTolerations);
            }

            if (options.DryRun)
            {
                if (await store.GetAsync(key, ct) is not null)
                {
                    throw ApiErrors.AlreadyExists(resource, meta.Name!);
                }

                var served = FromStorage(resource, stored);
                return new StoredObject(served, ReferenceEquals(served, stored) ? value : ObjectCodec.SerializeToUtf8(served), 0);
            }

            try
            {
                var kv = await store.CreateAsync(key, value, ct);
                if (resource.StorageVersionOf is not null)
                {
                    return Decode(resource, kv);
                }

                // The model in hand is what decoding the stored bytes would give, less the resourceVersion that only the
                // store could assign: set it and splice it into the bytes instead of decoding them again.
                meta.ResourceVersion = Rv(kv.ModRevision);
                return new StoredObject(stored, ObjectCodec.WithResourceVersion(value, kv.ModRevision), kv.ModRevision);
            }
            catch (KeyExistsException) when (generatedName && attempt < MaxNameGenerationAttempts)
            {
                // Five random characters collide often enough at scale (some 14 times among 20,000 names of one
                // prefix): upstream draws a new name and tries again, up to 8 attempts in all.
                meta.Name = GenerateName(meta.GenerateName!);
                ModelAccessor.Metadata(stored).Name = meta.Name;
                if (fieldsFromBytes)
                {
                    // The entry was spliced into the bytes of the old name; the next round splices it afresh.
                    meta.ManagedFields = null;
                }
            }
            catch (KeyExistsException)
            {
                throw ApiErrors.AlreadyExists(resource, meta.Name!);
            }
        }
    }

    /// <summary>The namespace comes from the URL; a different one in the body is an error, as upstream.</summary>
    private static string? ReconcileNamespace(ResourceDefinition resource, string? ns, V1ObjectMeta meta)
    {
        if (!resource.IsNamespaced)
        {
            meta.NamespaceProperty = null;
            return null;
        }

        if (!string.IsNullOrEmpty(meta.NamespaceProperty) && meta.NamespaceProperty != ns)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        meta.NamespaceProperty = ns;
        return ns;
    }
}
