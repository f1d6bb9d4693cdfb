using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s.Models;
using Skiff.Api.FieldManagement;
using Skiff.Api.Resources;
using Skiff.ApiServer.Objects;

namespace Skiff.ApiServer.Registry;

/// <summary>
/// metadata.managedFields on every write (upstream's FieldManager.Update on create, update and patch): which manager
/// owns which fields, computed from the object before and after the write.
/// </summary>
public sealed partial class ObjectStore
{
    private readonly ConcurrentDictionary<(ResourceDefinition, string?), FieldManager> fieldManagers = new();
    private readonly ConcurrentDictionary<ResourceDefinition, CreatedFieldsCache> createdFieldsCaches = new();

    /// <summary>The endpoints whose writes record managedFields; other subresources (binding, eviction) keep them as they are.</summary>
    private static bool TracksFields(string? subresource) => subresource is null or "status" or "scale";

    private FieldManager FieldManagerFor(ResourceDefinition resource, string? subresource) =>
        fieldManagers.GetOrAdd((resource, subresource), key => new FieldManager(
            FieldSchema.For(key.Item1.ModelType), key.Item1.ApiVersion, key.Item2, key.Item1.HasSubresource("status")));

    /// <summary>
    /// A create: the object is compared with the kind's zero value, so the creating manager owns every field it set
    /// (defaults included). managedFields sent with the object are kept for fields the object does not set, as
    /// upstream; an empty list, or content that does not decode, starts from nothing.
    /// </summary>
    private void TrackCreate(ResourceDefinition resource, object obj, string? manager)
    {
        var meta = ModelAccessor.Metadata(obj);
        var requested = RequestedManagedFields(meta.ManagedFields, live: null);
        meta.ManagedFields = null;
        if (manager is null)
        {
            return;
        }

        var fields = FieldManagerFor(resource, null);
        var schema = FieldSchema.For(resource.ModelType);
        var node = (JsonObject)ObjectCodec.ToNode(obj);
        var managed = fields.Update(schema.ZeroObject(), node, requested, manager, Now());
        meta.ManagedFields = managed.Encode();
    }

    /// <summary>
    /// Whether a create can take its managedFields from its serialized bytes (<see cref="TrackCreateFromBytes"/>): the
    /// request carries no entries of its own, the kind is stored as served, and nothing the registry adds after
    /// admission (a Service's cluster IP) would be counted as the creator's.
    /// </summary>
    private static bool TracksCreateFromBytes(ResourceDefinition resource, object obj, string? manager)
    {
        var requested = ModelAccessor.Metadata(obj).ManagedFields;
        return manager is not null && resource.StorageVersionOf is null && obj is not V1Service
            && (requested is null || ManagedFieldSets.IsReset(requested));
    }

    /// <summary>
    /// The create path every bench and controller create takes: the creator's set is read from the bytes about to be
    /// stored (one parse, no tree of the object) and its entry spliced into them, instead of serializing twice.
    /// Tolerations the DefaultTolerationSeconds admission gave a pod that had none stay unowned, as upstream
    /// computes managedFields before admission.
    /// </summary>
    private byte[] TrackCreateFromBytes(ResourceDefinition resource, object obj, byte[] value, string manager, bool admissionAddedTolerations)
    {
        var cache = createdFieldsCaches.GetOrAdd(resource, _ => new CreatedFieldsCache());
        var fieldsV1 = cache.FieldsV1(value, admissionAddedTolerations ? 1 : 0, () =>
        {
            using var document = System.Text.Json.JsonDocument.Parse(value);
            var set = FieldManagerFor(resource, null).CreatedFields(document.RootElement);
            if (admissionAddedTolerations)
            {
                set = FieldSet.RecursiveDifference(set, PodTolerations);
            }

            return set.IsEmpty ? [] : set.ToFieldsV1Bytes();
        });
        if (fieldsV1.Length == 0)
        {
            return value;
        }

        var meta = ModelAccessor.Metadata(obj);
        meta.ManagedFields =
        [
            new V1ManagedFieldsEntry
            {
                Manager = manager,
                Operation = ManagerIdentity.Update,
                ApiVersion = resource.ApiVersion,
                Time = Now(),
                FieldsType = "FieldsV1",
                FieldsV1 = new RawFieldsV1(fieldsV1), // shared by every object of the same shape; never changed
            },
        ];
        return ManagedFieldsSplice.Insert(value, ObjectCodec.SerializeToUtf8(meta.ManagedFields));
    }

    private static readonly FieldSet PodTolerations = BuildPodTolerations();

    private static FieldSet BuildPodTolerations()
    {
        var set = new FieldSet();
        set.Insert([PathElement.Field("spec"), PathElement.Field("tolerations")]);
        return set;
    }

    /// <summary>
    /// An update or patch: the writer takes the fields it added or changed. The request's own managedFields replace
    /// the stored ones when they decode (an empty list resets them); subresource writes always start from the stored ones.
    /// </summary>
    private void TrackUpdate(ResourceDefinition resource, string? subresource, object next, StoredObject current, IList<V1ManagedFieldsEntry>? requested, string? manager)
    {
        var meta = ModelAccessor.Metadata(next);
        var live = ModelAccessor.Metadata(current.Model).ManagedFields;
        if (manager is null || !TracksFields(subresource))
        {
            meta.ManagedFields = live;
            return;
        }

        var managed = subresource is null ? RequestedManagedFields(requested, live) : DecodeOrEmpty(live);
        meta.ManagedFields = null;
        var liveNode = (JsonObject)JsonNode.Parse(current.Json)!;
        var nextNode = (JsonObject)ObjectCodec.ToNode(next);
        var updated = FieldManagerFor(resource, subresource).Update(liveNode, nextNode, managed, manager, Now());
        meta.ManagedFields = updated.Encode();
    }

    /// <summary>
    /// Upstream's IgnoreManagedFieldsTimestampsTransformer for applies: when the entries differ from the stored ones
    /// only in their times, the stored ones are put back, so that an apply which changes nothing (after defaulting)
    /// writes nothing. True when it put them back; the caller then compares the serialized object again.
    /// </summary>
    private static bool KeepManagedFieldsTimes(k8s.Models.V1ObjectMeta next, IList<V1ManagedFieldsEntry>? stored)
    {
        var entries = next.ManagedFields;
        if (entries is null || stored is null || entries.Count != stored.Count)
        {
            return false;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var (a, b) = (entries[i], stored[i]);
            if (a.Manager != b.Manager || a.Operation != b.Operation || a.ApiVersion != b.ApiVersion || a.Subresource != b.Subresource
                || a.FieldsType != b.FieldsType || !System.Text.Json.JsonElement.DeepEquals(FieldsElement(a.FieldsV1), FieldsElement(b.FieldsV1)))
            {
                return false;
            }
        }

        next.ManagedFields = stored;
        return true;
    }

    private static System.Text.Json.JsonElement FieldsElement(object? fields) => fields switch
    {
        System.Text.Json.JsonElement element => element,
        RawFieldsV1 raw => raw.ToElement(),
        _ => System.Text.Json.JsonSerializer.SerializeToElement(fields),
    };

    /// <summary>Upstream's decodeLiveOrNew: a reset, the request's entries when they decode and are not empty, else the live ones.</summary>
    private static ManagedFieldSets RequestedManagedFields(IList<V1ManagedFieldsEntry>? requested, IList<V1ManagedFieldsEntry>? live)
    {
        if (ManagedFieldSets.IsReset(requested))
        {
            return new ManagedFieldSets();
        }

        try
        {
            var decoded = ManagedFieldSets.Decode(requested);
            if (decoded.Count > 0)
            {
                return decoded;
            }
        }
        catch (FormatException)
        {
            // As upstream: entries a client cannot have meant are ignored in favour of the stored ones.
        }

        return DecodeOrEmpty(live);
    }

    private static ManagedFieldSets DecodeOrEmpty(IList<V1ManagedFieldsEntry>? entries)
    {
        try
        {
            return ManagedFieldSets.Decode(entries);
        }
        catch (FormatException)
        {
            return new ManagedFieldSets();
        }
    }
}
